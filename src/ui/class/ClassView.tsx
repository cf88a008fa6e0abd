import './class.css';
import { useState } from 'react';
import { formatCode } from '../../core';
import { selectClassroom } from '../../store';
import { useAppStore } from '../storeContext';
import { ClassBoard } from './ClassBoard';
import { ClassGrid } from './ClassGrid';
import { ClassRound } from './ClassRound';
import { ClassSends } from './ClassSends';
import { JoinCard } from './JoinCard';

/** The Class tab: start or join a class; the instructor's projector view once in one. */
export function ClassView() {
  const classroom = useAppStore(selectClassroom);
  const startClass = useAppStore((s) => s.startClass);
  const openClassLink = useAppStore((s) => s.openClassLink);
  const [code, setCode] = useState('');

  if (classroom.role === 'instructor' && classroom.code) return <InstructorView />;
  if (classroom.role === 'student' && classroom.code) {
    return (
      <section className="panel class-view">
        <h2>Class {formatCode(classroom.code)}</h2>
        <p>
          You are in this class{classroom.name ? ` as ${classroom.name}` : ''}. The instructor’s
          lesson steps open in the Lessons tab; your predictions and every run you finish reach the
          class board.
        </p>
        <ClassBoard own />
      </section>
    );
  }
  return (
    <section className="panel class-view">
      <h2>Teach with LossLab</h2>
      <p>
        A class joins by a link or a QR code: you send a lesson step, everyone predicts and runs it,
        and this screen shows the class’s predictions, runs and grid live.
      </p>
      <button
        type="button"
        className="primary"
        disabled={classroom.busy}
        onClick={() => void startClass()}
        data-testid="class-start"
      >
        Start a class
      </button>
      <form
        className="class-join-code"
        onSubmit={(e) => {
          e.preventDefault();
          void openClassLink(code);
        }}
      >
        <label>
          Or join with a code{' '}
          <input value={code} onChange={(e) => setCode(e.target.value)} maxLength={12} />
        </label>
        <button type="submit">Join</button>
      </form>
    </section>
  );
}

function InstructorView() {
  const classroom = useAppStore(selectClassroom);
  const endClass = useAppStore((s) => s.endClass);
  const leaveClass = useAppStore((s) => s.leaveClass);
  const snapshot = classroom.snapshot;
  const ended = (snapshot?.control.ended ?? null) !== null;
  const students = Object.keys(snapshot?.roster ?? {}).length;
  return (
    <div className="class-view" data-testid="class-instructor">
      <section className="panel class-head">
        <JoinCard code={classroom.code ?? ''} />
        <div className="class-status">
          <p data-testid="class-roster" data-count={students}>
            {students} student{students === 1 ? '' : 's'} joined
            {snapshot?.connected === false ? ' · reconnecting…' : ''}
          </p>
          {ended ? (
            <p data-testid="class-ended">
              This class has ended: it stays readable here until it expires.
            </p>
          ) : (
            <button
              type="button"
              onClick={() => {
                if (window.confirm('End the class? Students can no longer join or send runs.'))
                  endClass();
              }}
              data-testid="class-end"
            >
              End class
            </button>
          )}
          <button type="button" onClick={leaveClass}>
            Close this class on this screen
          </button>
        </div>
      </section>
      {!ended && <ClassRound />}
      <ClassGrid ended={ended} />
      {!ended && <ClassSends />}
      <ClassBoard />
    </div>
  );
}
