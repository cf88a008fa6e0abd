/**
 * Rejoining a class with the class server out of reach (a reload while offline): a browser that
 * is already in the class carries on with its kept identity and record, and its connection sends
 * what it holds once the server is back; a browser that is not yet in it is told why.
 */
import { describe, expect, it } from 'vitest';
import type { ClassToken } from '../../core';
import { createFakeWorker } from '../testing';
import type { ApiResult, ClassApi, IdentityStorage } from './classApi';
import type { ClassConnection, ConnectOptions } from './connection';

const CODE = '6ZDBJD4X';
const STUDENT = { studentId: 'student-1234', studentKey: 'key-12345678', name: 'Ada' };
const INSTRUCTOR_KEY = 'instructor-key-1234';

const unreachable: ApiResult<never> = {
  ok: false,
  noServer: false,
  unreachable: true,
  message: 'The class server cannot be reached.',
};
const offlineApi: ClassApi = {
  create: () => Promise.resolve(unreachable),
  join: () => Promise.resolve(unreachable),
  open: () => Promise.resolve(unreachable),
};

function memoryStorage(value: object | null): IdentityStorage {
  let raw = value === null ? null : JSON.stringify(value);
  return {
    getItem: () => raw,
    setItem: (_key, next) => {
      raw = next;
    },
  };
}

function setup(identities: object | null, api: ClassApi = offlineApi) {
  const tokens: ClassToken[] = [];
  const connect = (options: ConnectOptions): Promise<ClassConnection> => {
    tokens.push(options.token);
    return Promise.resolve({
      setControl: () => undefined,
      putPrediction: () => undefined,
      putRun: () => undefined,
      putWork: () => undefined,
      destroy: () => undefined,
    });
  };
  const { store } = createFakeWorker({
    lessonStorage: null,
    classDeps: { api, identityStorage: memoryStorage(identities), connect },
  });
  return { store, tokens };
}

describe('class rejoin with the server out of reach', () => {
  it('keeps a student in the class with the identity this browser holds', async () => {
    const { store, tokens } = setup({
      current: { role: 'student', code: CODE },
      instructor: {},
      student: { [CODE]: STUDENT },
    });
    await store.getState().resumeClass();
    const { classroom } = store.getState();
    expect(classroom).toMatchObject({ role: 'student', code: CODE, name: 'Ada', problem: null });
    expect(tokens).toEqual([{ role: 'student', id: STUDENT.studentId, key: STUDENT.studentKey }]);
  });

  it('keeps the instructor on their class with the key this browser holds', async () => {
    const { store, tokens } = setup({
      current: { role: 'instructor', code: CODE },
      instructor: { [CODE]: INSTRUCTOR_KEY },
      student: {},
    });
    await store.getState().resumeClass();
    expect(store.getState().classroom).toMatchObject({ role: 'instructor', problem: null });
    expect(tokens).toEqual([{ role: 'instructor', key: INSTRUCTOR_KEY }]);
  });

  it('tells a browser not yet in the class that the server cannot be reached', async () => {
    const { store, tokens } = setup(null);
    await store.getState().openClassLink(CODE);
    await store.getState().joinClass('Grace');
    expect(store.getState().classroom).toMatchObject({
      role: null,
      problem: 'The class server cannot be reached.',
    });
    expect(tokens).toEqual([]);
  });

  it('leaves the class when the server answers that the code is gone', async () => {
    const gone: ApiResult<never> = { ok: false, noServer: false, message: 'There is no class.' };
    const { store, tokens } = setup(
      { current: { role: 'student', code: CODE }, instructor: {}, student: { [CODE]: STUDENT } },
      { ...offlineApi, join: () => Promise.resolve(gone) },
    );
    await store.getState().resumeClass();
    expect(store.getState().classroom).toMatchObject({ role: null, problem: 'There is no class.' });
    expect(tokens).toEqual([]);
  });
});
