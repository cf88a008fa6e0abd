/**
 * Hocuspocus' Redis extension, with two changes.
 *
 * 1. **A change crosses as one message.** The stock extension publishes the document's state
 *    vector on every change; each other instance answers with its own state vector, and the first
 *    answers that with the missing update: three messages and two diffs of the whole document per
 *    change, queued behind each other when 60 students write at once (p95 2.3 s on a quiet 2-core
 *    machine, `npm run bench:class`). Here a change publishes its Yjs update itself, framed as a
 *    sync step 2, which the receiving instance applies with the extension's own origin (so it is
 *    not published again) and broadcasts to its clients. Redis pub/sub delivers at most once, so
 *    the stock state-vector exchange still runs, debounced (`resyncMs` after a document's last
 *    change), and repairs anything a lost message missed.
 * 2. **A store locked elsewhere is skipped without an error.** The stock extension throws when
 *    another instance holds a document's store lock, which Hocuspocus logs on every store two
 *    instances attempt together. The other instance stores the same merged document.
 */
import { Redis, type Configuration } from '@hocuspocus/extension-redis';
import {
  OutgoingMessage,
  type onChangePayload,
  type onStoreDocumentPayload,
} from '@hocuspocus/server';
import * as encoding from 'lib0/encoding';

/** y-protocols' message type of a sync step 2 (an update the receiver applies). */
const SYNC_STEP_2 = 1;

export interface SharedRedisConfiguration extends Partial<Configuration> {
  /** Milliseconds after a document's last change before the state vectors are compared. */
  resyncMs?: number;
}

export class SharedRedis extends Redis {
  /** Documents whose current store another instance does. */
  private readonly lockedElsewhere = new Set<string>();
  private readonly resyncs = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly resyncMs: number;

  constructor(configuration: SharedRedisConfiguration) {
    super(configuration);
    this.resyncMs = configuration.resyncMs ?? 2000;
  }

  /**
   * Resolves once both Redis connections are ready; rejects on the first connection error. A
   * subscription sent before the subscriber's ready check has finished is lost (ioredis answers
   * it with "Connection in subscriber mode"), so a server listens only after this.
   */
  ready(): Promise<void> {
    const whenReady = (client: SharedRedis['pub']) =>
      client.status === 'ready'
        ? Promise.resolve()
        : new Promise<void>((resolve, reject) => {
            client.once('ready', () => resolve());
            client.once('error', (error: Error) => reject(error));
          });
    return Promise.all([whenReady(this.pub), whenReady(this.sub)]).then(() => undefined);
  }

  override async onChange(data: onChangePayload): Promise<void> {
    if (data.transactionOrigin === this.redisTransactionOrigin) return;
    const message = new OutgoingMessage(data.documentName).createSyncMessage();
    encoding.writeVarUint(message.encoder, SYNC_STEP_2);
    encoding.writeVarUint8Array(message.encoder, data.update);
    this.scheduleResync(data);
    await this.publish(data.documentName, message);
  }

  /** The stock extension's wire format: its channel per document, its identifier first. */
  private publish(documentName: string, message: OutgoingMessage): Promise<number> {
    return this.pub.publish(
      `${this.configuration.prefix}:${documentName}`,
      Buffer.concat([this.messagePrefix, Buffer.from(message.toUint8Array())]),
    );
  }

  private scheduleResync({ documentName, document }: onChangePayload): void {
    clearTimeout(this.resyncs.get(documentName));
    const timer = setTimeout(() => {
      this.resyncs.delete(documentName);
      // Only while this instance still holds the document (it may have been unloaded since).
      if (this.instance.documents.get(documentName) === document) {
        const state = new OutgoingMessage(documentName)
          .createSyncMessage()
          .writeFirstSyncStepFor(document);
        void this.publish(documentName, state).catch(() => {
          // Redis gone: the next change schedules another comparison.
        });
      }
    }, this.resyncMs);
    timer.unref();
    this.resyncs.set(documentName, timer);
  }

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

  override async onDestroy(): Promise<void> {
    this.resyncs.forEach((timer) => clearTimeout(timer));
    this.resyncs.clear();
    await super.onDestroy();
  }
}
