import { useMemo } from 'react';
import type { EquivalentRow, EquivalentsKey, LabExample } from '../../core';
import { frameworkEquivalents } from '../../core';
import { formatValue as formatLoss } from '../lossLab/LossTable';
import './frameworks.css';

/** How the call's number relates to Keras', in a few words. */
function relationText(row: EquivalentRow): string {
  switch (row.relation) {
    case 'same':
      return '= Keras';
    case 'scaled':
      return `${formatLoss(row.ratio ?? NaN)} × Keras`;
    case 'differs':
      return 'differs';
    case 'fails':
      return 'fails';
    case 'no-keras':
      return 'Keras raises';
  }
}

function labelText(example: LabExample): string {
  const { encoding, classes } = example.label;
  if (encoding === 'int') return `class id ${classes.join('')}`;
  return `${encoding} [${classes.join(', ')}]`;
}

interface Props {
  config: EquivalentsKey;
  example: LabExample;
  /** Heading level 2 (a panel of its own, the trainer) or 3 (inside the loss lab). */
  level?: 2 | 3;
}

/**
 * The configuration's loss under every framework's name: the Keras call and its value on the
 * example, then each TensorFlow and PyTorch call with its reduction, its value and how it relates
 * to Keras' (the same, a multiple such as the seed's ×10, different and why, or failing).
 */
export function FrameworkEquivalents({ config, example, level = 2 }: Props) {
  const eq = useMemo(() => frameworkEquivalents(config, example), [config, example]);
  const Heading = level === 2 ? 'h2' : 'h3';
  return (
    <section
      className={level === 2 ? 'panel frameworks' : 'frameworks'}
      aria-labelledby="frameworks-heading"
      data-testid="frameworks"
    >
      <Heading id="frameworks-heading">Every framework’s name for this loss</Heading>
      <p className="muted">
        On logits z = [{example.logits.map(formatLoss).join(', ')}], label {labelText(example)}:{' '}
        <code>{eq.kerasCall}</code> after a {config.activation} output
        {config.semantics === 'tf' ? ' on TensorFlow' : ' on JAX'}{' '}
        {'value' in eq.keras ? (
          <>
            gives <strong data-testid="frameworks-keras">{formatLoss(eq.keras.value)}</strong>.
          </>
        ) : (
          <>raises {eq.keras.error}.</>
        )}
      </p>
      {eq.rows.length > 0 && (
        <div className="frameworks-wrap">
          <table className="frameworks-table">
            <thead>
              <tr>
                <th scope="col">framework</th>
                <th scope="col">call</th>
                <th scope="col">reduction</th>
                <th scope="col">value</th>
                <th scope="col">vs Keras</th>
              </tr>
            </thead>
            <tbody>
              {eq.rows.map((row) => (
                <tr
                  key={row.code}
                  className={`relation-${row.relation}`}
                  data-relation={row.relation}
                >
                  <th scope="row">{row.framework}</th>
                  <td className="call">
                    <code>{row.code}</code>
                    {row.why && <p className="frameworks-why">{row.why}</p>}
                    {row.note && row.note !== row.why && (
                      <p className="frameworks-note muted">{row.note}</p>
                    )}
                  </td>
                  <td className="reduction">{row.reduction}</td>
                  <td className="num">{row.value === undefined ? '—' : formatLoss(row.value)}</td>
                  <td className="relation">{relationText(row)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {eq.notes.map((note) => (
        <p key={note.slice(0, 40)} className="frameworks-notes">
          {note}
        </p>
      ))}
    </section>
  );
}
