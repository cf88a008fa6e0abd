import type { EpochRecord, Lesson } from '../../core';
import type { LessonRunState } from '../../store';

const four = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? 'n/a' : v.toFixed(4));

/**
 * The lesson's run and its reference run epoch by epoch, so a claim about how they compare
 * ("the same losses as the softmax model") is read off the page.
 */
export function LessonReference({ lesson, run }: { lesson: Lesson; run: LessonRunState }) {
  const reference = run.reference;
  if (!lesson.reference || !reference || reference.history.length === 0) return null;
  const own = run.training.history;
  const rows = Array.from({ length: Math.max(own.length, reference.history.length) }, (_, i) => ({
    epoch: i + 1,
    own: own[i],
    ref: reference.history[i],
  }));
  const thisRun = `This run (${lesson.config.activation ?? 'softmax'})`;
  const cells = (e: EpochRecord | undefined) => [
    four(e?.loss),
    four(e?.valLoss),
    four(e?.valMetric),
  ];
  return (
    <div
      className="lesson-reference"
      role="region"
      aria-label={`${lesson.reference.label}, beside this run`}
      tabIndex={0}
      data-testid="lesson-reference"
    >
      <table>
        <caption>
          {thisRun} beside {lesson.reference.label.toLowerCase()}, epoch by epoch
        </caption>
        <thead>
          <tr>
            <th scope="col" rowSpan={2}>
              Epoch
            </th>
            <th scope="colgroup" colSpan={3}>
              {thisRun}
            </th>
            <th scope="colgroup" colSpan={3}>
              {lesson.reference.label}
            </th>
          </tr>
          <tr>
            {[0, 1].flatMap((side) =>
              ['loss', 'val. loss', 'val. accuracy'].map((name) => (
                <th scope="col" key={`${side}-${name}`}>
                  {name}
                </th>
              )),
            )}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.epoch}>
              <th scope="row">{row.epoch}</th>
              {[...cells(row.own), ...cells(row.ref)].map((text, i) => (
                <td key={i}>{text}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
