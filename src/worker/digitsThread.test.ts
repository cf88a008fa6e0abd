import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Dataset } from '../core';
import { DatasetError, encodeMnistFile, fetchBuiltinDataset } from '../core';
import { answerOf, type DigitsAnswer, type DigitsRequest } from './digitsProtocol';
import { fetchCheckedDigits, type DigitsWorker } from './digitsThread';
import { EARLY_WORKER_NAME } from './protocol';

const URL = 'http://example.test/assets/mnist-10k.bin-x.gz';

const ds: Dataset = {
  count: 2,
  rows: 28,
  cols: 28,
  images: Uint8Array.from({ length: 2 * 784 }, (_, i) => i % 256),
  labels: Uint8Array.of(7, 1),
};
const good = encodeMnistFile(ds);
const damaged = good.slice();
damaged[damaged.length - 1] = (damaged[damaged.length - 1] ?? 0) ^ 0xff;

/** Serves `bytes` for every fetch on this thread, counting the requests. */
function serve(bytes: Uint8Array) {
  const fetched: string[] = [];
  vi.stubGlobal('fetch', (url: string) => {
    fetched.push(url);
    return Promise.resolve(new Response(bytes.slice(), { status: 200 }));
  });
  return fetched;
}

/** A worker that answers as ./digits.ts does, from `bytes`, or fails to load (`broken`). */
function fakeWorker(bytes: Uint8Array, broken = false) {
  const listeners = new Map<string, ((event: { data: DigitsAnswer }) => void)[]>();
  const state = { requests: [] as DigitsRequest[], terminated: false };
  const emit = (type: string, data?: DigitsAnswer) => {
    for (const listener of listeners.get(type) ?? []) listener({ data: data as DigitsAnswer });
  };
  const worker: DigitsWorker = {
    postMessage(message) {
      state.requests.push(message);
      if (broken) {
        queueMicrotask(() => emit('error'));
        return;
      }
      const respond = (() =>
        Promise.resolve(new Response(bytes.slice(), { status: 200 }))) as never;
      void answerOf(fetchBuiltinDataset(message.url, respond)).then(({ answer }) =>
        emit('message', answer),
      );
    },
    addEventListener(type: string, listener: (event: { data: DigitsAnswer }) => void) {
      listeners.set(type, [...(listeners.get(type) ?? []), listener]);
    },
    terminate() {
      state.terminated = true;
    },
  };
  return { worker, state };
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.resetModules();
});

describe('the digits checked on a thread of their own', () => {
  it("asks the digits' worker, returns its checked digits and ends it; nothing is fetched here", async () => {
    const fetched = serve(good);
    const { worker, state } = fakeWorker(good);
    const dataset = await fetchCheckedDigits(URL, 'mnist', () => worker);
    expect(state.requests).toEqual([{ url: URL, id: 'mnist' }]);
    expect(dataset.count).toBe(2);
    expect([...dataset.labels]).toEqual([7, 1]);
    expect(dataset.images).toEqual(ds.images);
    expect(state.terminated).toBe(true);
    expect(fetched).toEqual([]);
  });

  it('a damaged file gives the same DatasetError as a check on this thread', async () => {
    serve(damaged);
    const here = await fetchBuiltinDataset(URL).catch((error: unknown) => error);
    expect(here).toBeInstanceOf(DatasetError);
    const { worker } = fakeWorker(damaged);
    const there = await fetchCheckedDigits(URL, 'mnist', () => worker).catch(
      (error: unknown) => error,
    );
    expect(there).toBeInstanceOf(DatasetError);
    expect((there as DatasetError).kind).toBe((here as DatasetError).kind);
    expect((there as DatasetError).fileName).toBe(URL);
    expect((there as Error).message).toBe((here as Error).message);
  });

  it("checks the digits here when the digits' worker cannot load or cannot start", async () => {
    const fetched = serve(good);
    const { worker, state } = fakeWorker(good, true);
    await expect(fetchCheckedDigits(URL, 'mnist', () => worker)).resolves.toMatchObject({
      count: 2,
    });
    expect(state.terminated).toBe(true);
    await expect(fetchCheckedDigits(URL, 'mnist', () => null)).resolves.toMatchObject({
      count: 2,
    });
    expect(fetched).toEqual([URL, URL]);
  });

  it('an error that is not a DatasetError keeps its sentence', async () => {
    const { answer } = await answerOf(Promise.reject(new Error('out of memory')));
    expect(answer).toEqual({ ok: false, kind: null, fileName: '', message: 'out of memory' });
  });

  it("the digits' worker answers a request with the checked digits, their buffers moved", async () => {
    serve(good);
    const target = new EventTarget();
    const posted: { answer: DigitsAnswer; transfer: Transferable[] }[] = [];
    vi.stubGlobal('self', {
      addEventListener: target.addEventListener.bind(target),
      postMessage: (answer: DigitsAnswer, options: { transfer: Transferable[] }) =>
        posted.push({ answer, transfer: options.transfer }),
    });
    await import('./digits');
    target.dispatchEvent(
      new MessageEvent('message', { data: { url: URL, id: 'mnist' } satisfies DigitsRequest }),
    );
    await vi.waitFor(() => expect(posted).toHaveLength(1));
    const [{ answer, transfer }] = posted as [(typeof posted)[number]];
    expect(answer.ok && answer.dataset.count).toBe(2);
    expect(transfer.length).toBeGreaterThan(0);
    if (answer.ok) expect(transfer).toContain(answer.dataset.images.buffer);
  });
});

describe("the early digits' worker (started by index.html's first script)", () => {
  /** A fresh copy of ./digitsThread as the early training worker loads it. */
  async function asEarlyWorker() {
    const target = new EventTarget();
    vi.stubGlobal('self', {
      name: EARLY_WORKER_NAME,
      addEventListener: target.addEventListener.bind(target),
    });
    vi.resetModules();
    const module = await import('./digitsThread');
    // comlink's listener, added after the module's own (./entry.ts exposes the API after it).
    const comlink = vi.fn();
    target.addEventListener('message', comlink);
    const send = (data: unknown) => target.dispatchEvent(new MessageEvent('message', { data }));
    return { module, send, comlink };
  }

  it('takes the default digits from the port sent first, once; comlink never sees that message', async () => {
    const fetched = serve(good);
    const { module, send, comlink } = await asEarlyWorker();
    const channel = new MessageChannel();
    send({ losslab: 'digits-port', port: channel.port2 });
    const answered = module.fetchCheckedDigits(URL, 'mnist', () => {
      throw new Error('no worker of its own');
    });
    const { answer } = await answerOf(fetchBuiltinDataset(URL));
    channel.port1.postMessage(answer);
    await expect(answered).resolves.toMatchObject({ count: 2 });
    expect(comlink).not.toHaveBeenCalled();
    // A retry (after a failure) or another call fetches again, without the early answer.
    await expect(module.fetchCheckedDigits(URL, 'mnist', () => null)).resolves.toMatchObject({
      count: 2,
    });
    expect(fetched).toEqual([URL, URL]);
    channel.port1.close();
  });

  it('a damaged file arrives as the same DatasetError', async () => {
    serve(damaged);
    const here = await fetchBuiltinDataset(URL).catch((error: unknown) => error);
    const { module, send } = await asEarlyWorker();
    const channel = new MessageChannel();
    send({ losslab: 'digits-port', port: channel.port2 });
    channel.port1.postMessage((await answerOf(fetchBuiltinDataset(URL))).answer);
    const there = await module
      .fetchCheckedDigits(URL, 'mnist', () => null)
      .catch((e: unknown) => e);
    // A fresh copy of the modules: its DatasetError is another class object of the same shape.
    expect(there).toMatchObject({ kind: (here as DatasetError).kind, fileName: URL });
    expect((there as Error).message).toBe((here as Error).message);
    channel.port1.close();
  });

  it('checks the digits itself when the first script had no digits worker to offer', async () => {
    const fetched = serve(good);
    const { module, send } = await asEarlyWorker();
    send({ losslab: 'digits-port', port: null });
    await expect(module.fetchCheckedDigits(URL, 'mnist', () => null)).resolves.toMatchObject({
      count: 2,
    });
    expect(fetched).toEqual([URL]);
  });
});
