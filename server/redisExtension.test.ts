/**
 * The Redis extension's two promises, on two bare Hocuspocus servers and Debian's `redis-server`:
 * a change crosses to the other instance as one published message, with no answer from it, and a
 * message Redis loses (pub/sub delivers at most once) is repaired by the debounced state-vector
 * exchange.
 */
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { Server } from '@hocuspocus/server';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { SharedRedis } from './redisExtension';
import { freePort, hasRedisServer, startRedis, type TestRedis } from './testRedis';

const RESYNC_MS = 150;

interface Instance {
  server: Server;
  redis: SharedRedis;
  url: string;
  /** Messages this instance published to Redis, by its own count. */
  published: number;
  /** While true, this instance's publishes are dropped (a message Redis lost). */
  dropping: boolean;
}

let redisServer: TestRedis | null = null;
const instances: Instance[] = [];
const providers: HocuspocusProvider[] = [];

async function startInstance(port: number): Promise<Instance> {
  const redis = new SharedRedis({ host: '127.0.0.1', port, resyncMs: RESYNC_MS });
  const server = new Server({ port: 0, address: '127.0.0.1', quiet: true, extensions: [redis] });
  await redis.ready();
  await server.listen();
  const { port: own } = server.httpServer.address() as AddressInfo;
  const instance: Instance = {
    server,
    redis,
    url: `ws://127.0.0.1:${own}`,
    published: 0,
    dropping: false,
  };
  const publish = redis.pub.publish.bind(redis.pub) as (...args: unknown[]) => Promise<number>;
  (redis.pub as unknown as { publish: (...args: unknown[]) => Promise<number> }).publish = (
    ...args
  ) => {
    instance.published += 1;
    return instance.dropping ? Promise.resolve(0) : publish(...args);
  };
  instances.push(instance);
  return instance;
}

function open(instance: Instance, name: string): { doc: Y.Doc; synced: Promise<void> } {
  const doc = new Y.Doc();
  const socket = new HocuspocusProviderWebsocket({
    url: instance.url,
    WebSocketPolyfill: WebSocket,
  });
  let synced = (): void => undefined;
  const ready = new Promise<void>((resolve) => (synced = resolve));
  const provider = new HocuspocusProvider({
    websocketProvider: socket,
    name,
    document: doc,
    onSynced: () => synced(),
  });
  provider.attach();
  providers.push(provider);
  return { doc, synced: ready };
}

describe.skipIf(!hasRedisServer())('SharedRedis', () => {
  let a: Instance;
  let b: Instance;

  beforeAll(async () => {
    redisServer = await startRedis(Number(process.env.REDIS_TEST_PORT ?? (await freePort())));
    a = await startInstance(redisServer.port);
    b = await startInstance(redisServer.port);
  });

  afterAll(async () => {
    for (const provider of providers) provider.destroy();
    for (const { server } of instances) await server.destroy();
    await redisServer?.stop();
  });

  it('sends a change to the other instance as one message, which it does not answer', async () => {
    const writer = open(a, 'one-message');
    const reader = open(b, 'one-message');
    await Promise.all([writer.synced, reader.synced]);
    // Let the opening state-vector exchange and its debounced repeat finish.
    await new Promise((resolve) => setTimeout(resolve, RESYNC_MS * 3));
    const before = { a: a.published, b: b.published };

    writer.doc.getMap('runs').set('run-1', { loss: 0.5 });
    await expect.poll(() => reader.doc.getMap('runs').get('run-1')).toEqual({ loss: 0.5 });
    expect(a.published - before.a).toBe(1);
    expect(b.published - before.b).toBe(0);
  });

  it('repairs a message Redis lost with the state-vector exchange after the last change', async () => {
    const writer = open(a, 'lost-message');
    const reader = open(b, 'lost-message');
    await Promise.all([writer.synced, reader.synced]);

    const before = a.published;
    a.dropping = true;
    writer.doc.getMap('runs').set('run-1', { loss: 0.5 });
    await expect.poll(() => a.published).toBeGreaterThan(before);
    const dropped = a.published;
    a.dropping = false;
    // Nothing arrived: the update was the one message, and it was lost.
    expect(reader.doc.getMap('runs').has('run-1')).toBe(false);

    await expect.poll(() => reader.doc.getMap('runs').get('run-1')).toEqual({ loss: 0.5 });
    // It came with the debounced exchange, not with a second copy of the update.
    expect(a.published).toBeGreaterThan(dropped);
  });
});
