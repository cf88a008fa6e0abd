/**
 * Hocuspocus' Redis extension, with one change: when another instance holds a document's store
 * lock, this instance skips that store without an error. The stock extension throws there, which
 * Hocuspocus logs on every store two instances attempt together (every change a student makes
 * while the instructor is on the other instance). The other instance stores the same merged
 * document, so nothing is lost.
 */
import { Redis } from '@hocuspocus/extension-redis';
import type { onStoreDocumentPayload } from '@hocuspocus/server';

export class SharedRedis extends Redis {
  /** Documents whose current store another instance does. */
  private readonly lockedElsewhere = new Set<string>();

  override async onStoreDocument(payload: onStoreDocumentPayload): Promise<void> {
    try {
      await super.onStoreDocument(payload);
    } catch (error) {
      if (!(error instanceof Error) || error.message !== '') throw error;
      this.lockedElsewhere.add(payload.documentName);
    }
  }

  /** Whether this instance should skip the store in progress (and forgets the answer). */
  storedElsewhere(documentName: string): boolean {
    return this.lockedElsewhere.delete(documentName);
  }
}
