import './classBar.css';
import { useState } from 'react';
import { formatCode } from '../../core';
import { selectClassroom } from '../../store';
import { useAppStore } from '../storeContext';
import { ClassGridLine } from './ClassGridLine';

/**
 * The class line under the header: the join prompt of a `?class=` link, what went wrong, or (for
 * a student) which class this is, the connection, and whether the page follows the instructor.
 */
export function ClassBar() {
  const classroom = useAppStore(selectClassroom);
  const joinClass = useAppStore((s) => s.joinClass);
  const leaveClass = useAppStore((s) => s.leaveClass);
  const dismiss = useAppStore((s) => s.dismissClassProblem);
  const setFollowing = useAppStore((s) => s.setFollowing);
  const [name, setName] = useState('');

  if (classroom.problem) {
    return (
      <div className="class-bar class-problem" role="alert" data-testid="class-problem">
        <span>{classroom.problem}</span>
        <button type="button" onClick={dismiss}>
          Dismiss
        </button>
      </div>
    );
  }
  if (classroom.pendingCode) {
    return (
      <form
        className="class-bar"
        data-testid="class-join"
        onSubmit={(e) => {
          e.preventDefault();
          void joinClass(name);
        }}
      >
        <span>
          Join class <strong>{formatCode(classroom.pendingCode)}</strong>
        </span>
        <label>
          Your name (optional){' '}
          <input
            value={name}
            maxLength={40}
            onChange={(e) => setName(e.target.value)}
            data-testid="class-name"
            autoComplete="nickname"
          />
        </label>
        <button type="submit" disabled={classroom.busy} data-testid="class-join-button">
          Join
        </button>
        <button type="button" onClick={leaveClass}>
          Not now
        </button>
      </form>
    );
  }
  if (classroom.role !== 'student' || !classroom.code) return null;
  const { snapshot } = classroom;
  const ended = (snapshot?.control.ended ?? null) !== null;
  return (
    <div className="class-bar" data-testid="class-student">
      <span data-testid="class-identity">
        Class <strong>{formatCode(classroom.code)}</strong>
        {classroom.name ? ` · you are ${classroom.name}` : ''}
      </span>{' '}
      <span data-testid="class-connection" data-connected={snapshot?.connected ?? false}>
        {ended
          ? 'The class has ended'
          : snapshot?.connected
            ? 'connected'
            : 'offline: your work is sent when the connection is back'}
      </span>
      <label data-testid="class-follow">
        <input
          type="checkbox"
          checked={classroom.following}
          onChange={(e) => setFollowing(e.target.checked)}
        />
        follow the instructor
      </label>
      <button type="button" onClick={leaveClass}>
        Leave class
      </button>
      <ClassGridLine />
    </div>
  );
}
