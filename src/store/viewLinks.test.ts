import { describe, expect, it } from 'vitest';
import { readView, VIEWS } from '../core';
import { createAppStore } from './appStore';
import { createUrlSync, type UrlSyncEnv } from './urlSync';
import { selectViewHidden } from './viewLinks';

function syncAt(search: string) {
  const written: string[] = [];
  const env: UrlSyncEnv = {
    location: { search, pathname: '/', hash: '', origin: 'http://localhost' },
    history: { replaceState: (_data, _unused, url) => written.push(String(url)) },
    setTimeout: (callback) => {
      callback();
      return 0;
    },
    clearTimeout: () => undefined,
  };
  const store = createAppStore();
  const sync = createUrlSync(store, env);
  return { store, sync, written };
}

describe('view links from the registry', () => {
  it.each(VIEWS)('writes a link that opens %s again', (view) => {
    const { store, sync, written } = syncAt('');
    store.getState().setView(view);
    sync.flush();
    const query = written.at(-1) ?? '';
    expect(readView(query.slice(query.indexOf('?')))).toBe(view);
    sync.dispose();
  });

  it('hides the tabs only where the view says so (a lesson link with hide=views)', () => {
    const lesson = syncAt('?view=lessons&step=2&hide=views');
    expect(selectViewHidden(lesson.store.getState())).toEqual(['views']);
    const trainer = syncAt('?view=trainer&hide=seed');
    expect(selectViewHidden(trainer.store.getState())).toEqual(['seed']);
    expect(selectViewHidden(syncAt('?view=class').store.getState())).toEqual([]);
  });

  it.each(VIEWS)('gives React the same value on every read of %s (no render loop)', (view) => {
    const { store } = syncAt(`?view=${view}`);
    expect(selectViewHidden(store.getState())).toBe(selectViewHidden(store.getState()));
  });

  it("shares the lesson step's own link, and the trainer's configuration elsewhere", () => {
    const lesson = syncAt('?view=lessons&step=2');
    expect(lesson.sync.shareUrl()).toBe('http://localhost/?view=lessons&step=2');
    const history = syncAt('?view=history&epochs=3');
    expect(history.sync.shareUrl()).toContain('epochs=5');
  });
});
