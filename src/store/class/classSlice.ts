/**
 * The class session in the store: who this browser is in a class (instructor or student), the
 * class's live state (a validated snapshot of its documents), and what the instructor sends.
 * A student's page follows what arrives: a lesson step opens that step, a configuration or view
 * opens it (unless the student stopped following). Network and Yjs stay in connection.ts. This
 * module loads with the first class (classCode.ts, ../lazySlices.ts).
 */
import type { StateCreator } from 'zustand/vanilla';
import {
  LESSONS,
  decodeConfig,
  formatCode,
  normaliseCode,
  type ClassAssign,
  type ClassRun,
  type ClassWork,
  type View,
} from '../../core';
import type { AppState } from '../appStore';
import { INITIAL_CLASSROOM } from '../lazyState';
import {
  browserIdentityStorage,
  createClassApi,
  loadIdentities,
  saveIdentities,
  type ClassApi,
  type ClassIdentities,
  type IdentityStorage,
} from './classApi';
import type { Every } from './classGridSlice';
import type { ClassConnection, ClassSnapshot, ConnectOptions } from './connection';

export interface ClassroomState {
  role: 'instructor' | 'student' | null;
  code: string | null;
  /** This browser's student id in the class (students only). */
  studentId: string | null;
  name: string;
  /** A code from a join link, waiting for the student to join. */
  pendingCode: string | null;
  busy: boolean;
  /** What went wrong, in a sentence for the page, or null. */
  problem: string | null;
  /** The page is served without a class server. */
  noServer: boolean;
  snapshot: ClassSnapshot | null;
  /** A student follows what the instructor sends (they may stop). */
  following: boolean;
  /** The newest round and send this page has acted on (a reload acts on the current one again). */
  seenRound: number;
  seenFollow: number;
}

export interface ClassSlice {
  classroom: ClassroomState;
  startClass: () => Promise<void>;
  /** A `?class=CODE` link: rejoins if this browser is in that class, else asks to join. */
  openClassLink: (raw: string) => Promise<void>;
  joinClass: (name: string) => Promise<void>;
  /** Reconnects to the class this browser was in (on start). */
  resumeClass: () => Promise<void>;
  leaveClass: () => void;
  dismissClassProblem: () => void;
  sendLessonStep: (step: number) => void;
  revealRound: () => void;
  sendToClass: (view: View, query: string) => void;
  endClass: () => void;
  setFollowing: (following: boolean) => void;
  /** Student: files a prediction or a run with the class (kept until the server has it). */
  postPrediction: (round: number, lesson: string, choice: string) => void;
  postRun: (id: string, run: ClassRun) => void;
  /** Student: says what this page is doing for a class grid. */
  postWork: (sweep: number, work: ClassWork) => void;
  /** Instructor: sends a class grid (its title and grid link) to the class. */
  sendSweep: (sweep: { title: string; link: string }) => void;
  /** Instructor: stops the class grid (its results stay on the projector). */
  stopSweep: () => void;
  /** Instructor: who trains which cells of the class grid. */
  assignSweep: (assign: ClassAssign) => void;
}

export interface ClassDeps {
  api?: ClassApi;
  identityStorage?: IdentityStorage | null;
  /** The class server's origin (default: the page's). */
  origin?: string;
  connect?: (options: ConnectOptions) => Promise<ClassConnection>;
  /** The class grid's timer (default: `setInterval`); tests tick it by hand. */
  every?: Every;
}

/** Yjs and the provider load with the first class, not with the page. */
const connectLazily = async (options: ConnectOptions): Promise<ClassConnection> =>
  (await import('./connection')).openClassConnection(options);

export const createClassSlice =
  (deps: ClassDeps = {}): StateCreator<AppState, [], [], ClassSlice> =>
  (set, get) => {
    const api = deps.api ?? createClassApi();
    const storage =
      deps.identityStorage === undefined ? browserIdentityStorage() : deps.identityStorage;
    const connect = deps.connect ?? connectLazily;
    const origin = () => deps.origin ?? globalThis.location?.origin ?? 'http://localhost';
    let connection: ClassConnection | null = null;
    const patch = (next: Partial<ClassroomState>) =>
      set({ classroom: { ...get().classroom, ...next } });
    const ids = () => loadIdentities(storage);
    const remember = (change: (current: ClassIdentities) => ClassIdentities) =>
      saveIdentities(storage, change(ids()));

    const fail = (message: string, noServer = false) =>
      patch({ busy: false, problem: message, noServer });

    /** A student's page follows the class: the step sent, the configuration or view sent. */
    const follow = (snapshot: ClassSnapshot) => {
      const { classroom } = get();
      if (classroom.role !== 'student') return;
      const { round, follow: sent } = snapshot.control;
      if (round && round.seq > classroom.seenRound) {
        patch({ seenRound: round.seq });
        const lesson = LESSONS[round.step];
        if (lesson && lesson.id === round.lesson && classroom.following) {
          // The class's step is predicted afresh, whatever this browser predicted before; a
          // prediction already filed for this round (before a reload) stands.
          const filed = Object.values(snapshot.students)[0]?.predictions[String(round.seq)];
          if (get().lessons.progress[lesson.id] && !filed) get().retryLesson(lesson.id);
          get().setLessonStep(round.step);
          get().setView('lessons');
        }
      }
      if (sent && sent.seq > classroom.seenFollow) {
        patch({ seenFollow: sent.seq });
        if (classroom.following) {
          if (sent.query !== '') get().loadLink(decodeConfig(sent.query));
          get().setView(sent.view);
        }
      }
    };

    let generation = 0;
    const live = async (
      role: 'instructor' | 'student',
      code: string,
      token: ConnectOptions['token'],
      name: string,
    ) => {
      connection?.destroy();
      connection = null;
      const mine = (generation += 1);
      remember((c) => ({ ...c, current: { role, code } }));
      patch({
        role,
        code,
        studentId: token.role === 'student' ? token.id : null,
        name,
        busy: false,
        problem: null,
        pendingCode: null,
        noServer: false,
      });
      const opened = await connect({
        origin: origin(),
        code,
        token,
        onChange: (snapshot) => {
          if (mine !== generation) return;
          patch({ snapshot });
          if (snapshot.denied) {
            connection?.destroy({ forgetLocal: true });
            connection = null;
            remember((c) => ({ ...c, current: null }));
            set({
              classroom: {
                ...INITIAL_CLASSROOM,
                problem: 'The class server refused this browser’s key for that class.',
              },
            });
            return;
          }
          follow(snapshot);
        },
      });
      // Left (or switched class) while the code loaded: this connection is not wanted.
      if (mine !== generation || get().classroom.code !== code) opened.destroy();
      else connection = opened;
    };

    const joinAs = async (
      code: string,
      name: string,
      known?: { studentId: string; studentKey: string },
    ) => {
      patch({ busy: true, problem: null });
      const joined = await api.join({ code, name, ...known });
      if (!joined.ok && joined.unreachable && known) {
        // Offline (or the server is down): this browser is already in the class, so it carries on
        // with its kept record, and the connection sends what it holds once the server is back.
        await live(
          'student',
          code,
          { role: 'student', id: known.studentId, key: known.studentKey },
          name,
        );
        return;
      }
      if (!joined.ok) {
        remember((c) => ({ ...c, current: null }));
        fail(joined.message, joined.noServer);
        return;
      }
      const { studentId, studentKey } = joined.value;
      remember((c) => ({
        ...c,
        student: { ...c.student, [code]: { studentId, studentKey, name: joined.value.name } },
      }));
      await live(
        'student',
        code,
        { role: 'student', id: studentId, key: studentKey },
        joined.value.name,
      );
    };

    return {
      classroom: INITIAL_CLASSROOM,
      async startClass() {
        patch({ busy: true, problem: null });
        const created = await api.create();
        if (!created.ok) return fail(created.message, created.noServer);
        const { code, instructorKey } = created.value;
        remember((c) => ({ ...c, instructor: { ...c.instructor, [code]: instructorKey } }));
        get().setView('class');
        await live('instructor', code, { role: 'instructor', key: instructorKey }, '');
      },
      async openClassLink(raw) {
        const code = normaliseCode(raw);
        if (code === null) {
          fail(`“${raw.slice(0, 20)}” is not a class code (codes have ${8} letters and digits).`);
          return;
        }
        const known = ids().student[code];
        if (known) await joinAs(code, known.name, known);
        else if (ids().instructor[code]) {
          remember((c) => ({ ...c, current: { role: 'instructor', code } }));
          await get().resumeClass();
        } else patch({ pendingCode: code, problem: null });
      },
      async joinClass(name) {
        const code = get().classroom.pendingCode;
        if (code) await joinAs(code, name);
      },
      async resumeClass() {
        const { current, instructor, student } = ids();
        if (!current) return;
        if (current.role === 'student') {
          const known = student[current.code];
          if (known) await joinAs(current.code, known.name, known);
          return;
        }
        const key = instructor[current.code];
        if (!key) return;
        patch({ busy: true });
        const opened = await api.open(current.code, key);
        if (!opened.ok && !opened.unreachable) {
          remember((c) => ({ ...c, current: null }));
          fail(`Class ${formatCode(current.code)}: ${opened.message}`, opened.noServer);
          return;
        }
        await live('instructor', current.code, { role: 'instructor', key }, '');
      },
      leaveClass() {
        generation += 1;
        // A student taking part in the class grid says so on the way out: their cells go to
        // classmates at once, not once the instructor's page finds them quiet.
        const sweep = get().classGrid.seq;
        if (get().classroom.role === 'student' && sweep !== null) {
          connection?.putWork(sweep, { state: 'declined', at: Date.now() });
        }
        connection?.destroy({ forgetLocal: true });
        connection = null;
        remember((c) => ({ ...c, current: null }));
        set({ classroom: INITIAL_CLASSROOM });
      },
      dismissClassProblem: () => patch({ problem: null, noServer: false }),
      sendLessonStep(step) {
        const lesson = LESSONS[step];
        const seq = (get().classroom.snapshot?.control.round?.seq ?? 0) + 1;
        if (lesson)
          connection?.setControl({ round: { seq, step, lesson: lesson.id, phase: 'predict' } });
      },
      revealRound() {
        const round = get().classroom.snapshot?.control.round;
        if (round) connection?.setControl({ round: { ...round, phase: 'reveal' } });
      },
      sendToClass(view, query) {
        const seq = (get().classroom.snapshot?.control.follow?.seq ?? 0) + 1;
        connection?.setControl({ follow: { seq, view, query } });
      },
      endClass: () => connection?.setControl({ ended: Date.now() }),
      setFollowing: (following) => patch({ following }),
      postPrediction(round, lesson, choice) {
        connection?.putPrediction(round, { lesson, choice, at: Date.now() });
      },
      postRun(id, run) {
        connection?.putRun(id, run);
      },
      postWork(sweep, work) {
        connection?.putWork(sweep, work);
      },
      sendSweep({ title, link }) {
        const seq = (get().classroom.snapshot?.control.sweep?.seq ?? 0) + 1;
        connection?.setControl({
          sweep: { seq, title, link },
          assign: { sweep: seq, cells: {} },
        });
      },
      stopSweep() {
        const sweep = get().classroom.snapshot?.control.sweep;
        if (sweep && sweep.stopped === undefined) {
          connection?.setControl({ sweep: { ...sweep, stopped: Date.now() } });
        }
      },
      assignSweep(assign) {
        connection?.setControl({ assign });
      },
    };
  };
