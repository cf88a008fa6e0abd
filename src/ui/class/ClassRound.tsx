import { useState } from 'react';
import { LESSONS, pollOf } from '../../core';
import { selectClassroom } from '../../store';
import { useAppStore } from '../storeContext';

const percent = (n: number, of: number) => (of === 0 ? 0 : Math.round((100 * n) / of));

/**
 * Peer instruction on a lesson step: send it, watch the predictions arrive as a bar per choice
 * (counts only: no names, no answer), reveal, then how many were right and what the runs showed.
 */
export function ClassRound() {
  const classroom = useAppStore(selectClassroom);
  const sendLessonStep = useAppStore((s) => s.sendLessonStep);
  const revealRound = useAppStore((s) => s.revealRound);
  const round = classroom.snapshot?.control.round ?? null;
  const [step, setStep] = useState(round ? round.step : 0);
  const lesson = round ? LESSONS[round.step] : undefined;
  const poll =
    round && lesson ? pollOf(classroom.snapshot?.students ?? {}, round.seq, lesson.answer) : null;
  const revealed = round?.phase === 'reveal';

  return (
    <section className="panel class-round" aria-labelledby="class-round-title">
      <h2 id="class-round-title">Lesson step</h2>
      <div className="class-row">
        <label>
          Step{' '}
          <select
            value={step}
            onChange={(e) => setStep(Number(e.target.value))}
            data-testid="class-step"
          >
            {LESSONS.map((l, i) => (
              <option key={l.id} value={i}>
                {i + 1}. {l.title}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => sendLessonStep(step)} data-testid="class-send-step">
          Send to the class
        </button>
      </div>
      {round && lesson && poll && (
        <div data-testid="class-poll" data-round={round.seq} data-phase={round.phase}>
          <h3>
            {round.step + 1}. {lesson.title}
          </h3>
          <p className="class-question">{lesson.question}</p>
          <p data-testid="class-predicted" data-count={poll.predicted}>
            {poll.predicted} prediction{poll.predicted === 1 ? '' : 's'}
          </p>
          <ul className="class-bars">
            {lesson.choices.map((choice) => {
              const n = poll.counts[choice.id] ?? 0;
              const right = revealed && choice.id === lesson.answer;
              return (
                <li key={choice.id} data-testid={`class-bar-${choice.id}`} data-count={n}>
                  <span className="class-bar-label">
                    {choice.text}
                    {right ? ' ✓ (the answer)' : ''}
                  </span>
                  <span className="class-bar-track">
                    <span
                      className={`class-bar-fill${right ? ' right' : ''}`}
                      style={{ width: `${percent(n, poll.predicted)}%` }}
                    />
                  </span>
                  <span className="class-bar-count">{n}</span>
                </li>
              );
            })}
          </ul>
          {!revealed ? (
            <button
              type="button"
              className="primary"
              onClick={revealRound}
              data-testid="class-reveal"
            >
              Reveal the answer
            </button>
          ) : (
            <div className="class-outcome" data-testid="class-outcome">
              <p data-testid="class-right" data-count={poll.right}>
                {poll.right} of {poll.predicted} predicted right (
                {percent(poll.right, poll.predicted)}%).
              </p>
              <p data-testid="class-runs" data-count={poll.runs}>
                {poll.runs} run{poll.runs === 1 ? '' : 's'} so far
                {poll.runs > 0 &&
                  `: the runs showed ${lesson.choices
                    .map((c) => `“${c.text}” ${poll.observed[c.id] ?? 0}`)
                    .join(', ')}`}
                {poll.accuracy &&
                  `; test accuracy ${poll.accuracy.min.toFixed(3)} to ${poll.accuracy.max.toFixed(3)} (median ${poll.accuracy.median.toFixed(3)})`}
                .
              </p>
            </div>
          )}
        </div>
      )}
    </section>
  );
}
