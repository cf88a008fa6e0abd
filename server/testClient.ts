/**
 * A raw class client for Node tests and the benchmark: a Hocuspocus provider on one document with
 * any token, exactly what a modified browser could send. Not used by the page.
 */
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import * as decoding from 'lib0/decoding';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { CLASS_API, CLASS_SYNC_PATH, type ClassToken, encodeToken } from '../src/core/class';

export interface RawClient {
  doc: Y.Doc;
  provider: HocuspocusProvider;
  socket: HocuspocusProviderWebsocket;
  /** Resolves 'synced', or 'denied' when the server refused the token. */
  ready: Promise<'synced' | 'denied'>;
  /** Resolves once the server has acknowledged every local change. */
  settled(): Promise<void>;
  /** Changes the server refused (a "not applied" status, or the document's connection closed). */
  rejections(): number;
  destroy(): void;
}

export function connect(baseUrl: string, name: string, token: ClassToken): RawClient {
  const doc = new Y.Doc();
  const socket = new HocuspocusProviderWebsocket({
    url: `${baseUrl.replace(/^http/, 'ws')}${CLASS_SYNC_PATH}`,
    WebSocketPolyfill: WebSocket,
    delay: 50,
    minDelay: 50,
    maxDelay: 500,
  });
  let done: (value: 'synced' | 'denied') => void = () => undefined;
  const ready = new Promise<'synced' | 'denied'>((resolve) => (done = resolve));
  const provider = new HocuspocusProvider({
    websocketProvider: socket,
    name,
    document: doc,
    token: encodeToken(token),
    onSynced: () => done('synced'),
    onAuthenticationFailed: () => done('denied'),
  });
  provider.attach();
  let rejections = 0;
  // Message types of Hocuspocus' protocol: 7 closes one document's connection, 8 acknowledges.
  socket.on('message', (event: { data: ArrayBuffer | Uint8Array }) => {
    const decoder = decoding.createDecoder(new Uint8Array(event.data));
    if (decoding.readVarString(decoder) !== name) return;
    const type = decoding.readVarUint(decoder);
    if (type === 7 || (type === 8 && decoding.readVarInt(decoder) === 0)) rejections += 1;
  });
  return {
    doc,
    provider,
    socket,
    ready,
    settled: () =>
      new Promise<void>((resolve) => {
        const check = () => {
          if (provider.unsyncedChanges === 0) resolve();
          else setTimeout(check, 10);
        };
        check();
      }),
    rejections: () => rejections,
    destroy() {
      provider.destroy();
      socket.destroy();
    },
  };
}

export async function post(baseUrl: string, path: string, body: unknown) {
  const response = await fetch(`${baseUrl}${CLASS_API}/${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, string> };
}
