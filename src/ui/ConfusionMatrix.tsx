import { classNamesOf, DEFAULT_DATASET, nounOf, type DatasetRef } from '../core';
import { heatCellProps } from './heatScale';

/**
 * The confusion matrix as a heat map: rows are true classes, columns predicted ones, named as the
 * run's dataset names them; a cell's shade is its share of the row, so a perfect classifier lights
 * up the diagonal. The last column is each class's accuracy.
 */
export function ConfusionMatrix({
  matrix,
  perClass,
  dataset = DEFAULT_DATASET,
}: {
  matrix: readonly (readonly number[])[];
  perClass: readonly number[];
  /** The run's data, whose class names label the rows and columns (default MNIST's digits). */
  dataset?: DatasetRef;
}) {
  const names = classNamesOf(dataset);
  const indices = Array.from({ length: matrix.length }, (_, i) => i);
  const name = (k: number) => names[k] ?? String(k);
  const { one } = nounOf(dataset);
  return (
    <table className="confusion" data-testid="confusion-matrix">
      <caption>
        Confusion matrix: rows are the true {one}, columns the predicted {one} (argmax of the
        output). The last column is each {one}&apos;s accuracy.
      </caption>
      <thead>
        <tr>
          <th scope="col">
            <span className="sr-only">true \ predicted</span>
          </th>
          {indices.map((p) => (
            <th key={p} scope="col">
              {name(p)}
            </th>
          ))}
          <th scope="col">acc.</th>
        </tr>
      </thead>
      <tbody>
        {indices.map((t) => {
          const row = matrix[t] ?? [];
          const total = row.reduce((a, b) => a + b, 0);
          const accuracy = perClass[t];
          return (
            <tr key={t}>
              <th scope="row">{name(t)}</th>
              {indices.map((p) => {
                const count = row[p] ?? 0;
                const share = total > 0 ? count / total : 0;
                const { style, ...heat } = heatCellProps(share);
                return (
                  <td
                    key={p}
                    className={p === t ? 'diagonal' : undefined}
                    style={style}
                    {...heat}
                    title={`true ${name(t)}, predicted ${name(p)}: ${count} of ${total}`}
                  >
                    {count > 0 ? count : ''}
                  </td>
                );
              })}
              <td className="per-class tabular">
                {accuracy === undefined || Number.isNaN(accuracy)
                  ? '–'
                  : `${(accuracy * 100).toFixed(0)}%`}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
