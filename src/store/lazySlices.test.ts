import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AppStore, SliceDeps } from './appStore';
import { CLASS_CODE } from './class/classCode';
import { GRID_CODE } from './gridSlice';
import { LAZY_ACTIONS, lazyDefaults } from './lazyState';
import { LESSONS_CODE } from './lessonsSlice';
import { createFakeWorker, urlEnv } from './testing';

/** The store modules afresh: nothing of the lazy slices' code loaded (vitest's setup loads it). */
async function freshModules() {
  vi.resetModules();
  const testing = await import('./testing');
  const lazy = await import('./lazySlices');
  const urlSync = await import('./urlSync');
  return { testing, lazy, urlSync };
}

const functionsOf = (made: object) =>
  Object.entries(made)
    .filter(([, value]) => typeof value === 'function')
    .map(([key]) => key)
    .sort();

afterEach(() => {
  vi.doUnmock('./gridSlice');
  vi.resetModules();
});

describe('the lazily loaded slices', () => {
  it('have a stub or a default for every action their code installs', () => {
    const { store } = createFakeWorker({
      lessonStorage: null,
      classDeps: { identityStorage: null },
    });
    const deps = { classDeps: { identityStorage: null } } as unknown as SliceDeps;
    const made = [LESSONS_CODE, GRID_CODE, CLASS_CODE].flatMap((code) =>
      functionsOf(code.create(deps, store)),
    );
    const listed = [...Object.values(LAZY_ACTIONS).flat(), ...functionsOf(lazyDefaults())];
    expect(made.sort()).toEqual(listed.sort());
  });

  it('start with small defaults, and load a slice’s code on its first action', async () => {
    const { testing, lazy } = await freshModules();
    const { store } = testing.createFakeWorker({ lessonStorage: null });
    expect(lazy.loadedCode('lessons')).toBeUndefined();
    expect(store.getState().lessons.step).toBe(0);
    expect(store.getState().grid.cells).toEqual([]);
    store.getState().setLessonStep(2);
    await vi.waitFor(() => expect(store.getState().lessons.step).toBe(2));
    expect(lazy.loadedCode('lessons')).toBeDefined();
    // The grid's code is still not loaded: the lessons' did not bring it.
    expect(lazy.loadedCode('grid')).toBeUndefined();
  });

  it('read a view’s link once its code has come, and write it back', async () => {
    const { testing, urlSync } = await freshModules();
    const { store } = testing.createFakeWorker({ lessonStorage: null });
    const page = urlEnv('?view=lessons&step=4&hide=steps');
    urlSync.createUrlSync(store, page.value);
    expect(store.getState().view).toBe('lessons');
    await vi.waitFor(() => expect(store.getState().lessons.step).toBe(3));
    expect(store.getState().lessons.hide).toEqual(['steps']);
    page.tick();
    expect(page.written.at(-1)).toBe('/?view=lessons&step=4&hide=steps');
  });

  it('load no class code at start unless this browser was in a class', async () => {
    const { testing, lazy } = await freshModules();
    const stored = new Map<string, string>();
    const identityStorage = {
      getItem: (key: string) => stored.get(key) ?? null,
      setItem: (key: string, value: string) => void stored.set(key, value),
    };
    const { store } = testing.createFakeWorker({ classDeps: { identityStorage } });
    await store.getState().resumeClass();
    expect(lazy.loadedCode('class')).toBeUndefined();
    stored.set('losslab.class', JSON.stringify({ current: null, instructor: {}, student: {} }));
    await store.getState().resumeClass();
    expect(lazy.loadedCode('class')).toBeUndefined();
  });

  it('say which part could not load, keep the state, and load it on a later try', async () => {
    vi.resetModules();
    vi.doMock('./gridSlice', () => {
      throw new Error('Failed to fetch dynamically imported module');
    });
    const testing = await import('./testing');
    const { store }: { store: AppStore } = testing.createFakeWorker();
    const spec = store.getState().grid.spec;
    store.getState().applyGridPreset('classic');
    await vi.waitFor(() => expect(store.getState().sliceProblem?.area).toBe('grid'));
    expect(store.getState().sliceProblem?.message).toMatch(
      /^Could not load the code of the experiment grid \(.*\)\. Check the connection and reload/,
    );
    expect(store.getState().grid.spec).toBe(spec);
    vi.doUnmock('./gridSlice');
    await store.getState().loadSliceCode('grid');
    expect(store.getState().sliceProblem).toBeNull();
    expect(store.getState().grid.cells.length).toBeGreaterThan(0);
  });
});
