import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, toInterruptedRecord } from '../core';
import { openRunDb } from './persistence/runDb';
import { createFakeWorker } from './testing';

/** Channels between "tabs" in one process, as BroadcastChannel links a page's tabs. */
function createTabs() {
  const members: { onmessage: ((event: MessageEvent) => void) | null }[] = [];
  return () => {
    const self = {
      onmessage: null as ((event: MessageEvent) => void) | null,
      postMessage: (data: unknown) => {
        for (const other of members) {
          if (other !== self) other.onmessage?.(new MessageEvent('message', { data }));
        }
      },
    };
    members.push(self);
    return self as unknown as BroadcastChannel;
  };
}

const run = toInterruptedRecord({
  id: 'run-1',
  name: 'a run',
  createdAt: 1,
  config: DEFAULT_CONFIG,
  metricKey: 'accuracy',
  history: [],
  backend: 'cpu',
});

async function tab(openHistoryChannel?: () => BroadcastChannel) {
  const { store } = createFakeWorker(openHistoryChannel ? { openHistoryChannel } : {});
  await store.getState().loadHistory();
  return store;
}

const stored = async () => (await (await openRunDb()).loadAll()).runs;

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
});

describe('the history across tabs', () => {
  it('a rename in a stale tab does not bring back a run another tab deleted', async () => {
    const a = await tab();
    await a.getState().keepRun(run);
    const b = await tab();
    expect(b.getState().history.runs).toHaveLength(1);
    await b.getState().deleteRun(run.id);
    await a.getState().renameRun(run.id, 'renamed');
    expect(await stored()).toEqual([]);
    expect(a.getState().history.runs).toEqual([]);
  });

  it('a tab rereads the history when another tab changes it', async () => {
    const channel = createTabs();
    const a = await tab(channel);
    const b = await tab(channel);
    await a.getState().keepRun(run);
    await expect.poll(() => b.getState().history.runs.length).toBe(1);
    await b.getState().deleteRun(run.id);
    await expect.poll(() => a.getState().history.runs.length).toBe(0);
  });
});
