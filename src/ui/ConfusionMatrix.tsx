import { heatCellProps } from './heatScale';

const CLASSES = Array.from({ length: 10 }, (_, i) => i);

/**
 * The confusion matrix as a heat map: rows are true digits, columns predicted ones; a cell's
 * shade is its share of the row, so a perfect classifier lights up the diagonal. The last column
 * is each class's accuracy.
 */
export function ConfusionMatrix({
  matrix,
  perClass,
}: {
  matrix: readonly (readonly number[])[];
  perClass: readonly number[];
}) {
  return (
    <table className="confusion" data-testid="confusion-matrix">
      <caption>
        Confusion matrix: rows are the true digit, columns the predicted digit (argmax of the
        output). The last column is each digit&apos;s accuracy.
      </caption>
      <thead>
        <tr>
          <th scope="col">
            <span className="sr-only">true \ predicted</span>
          </th>
          {CLASSES.map((p) => (
            <th key={p} scope="col">
              {p}
            </th>
          ))}
          <th scope="col">acc.</th>
        </tr>
      </thead>
      <tbody>
        {CLASSES.map((t) => {
          const row = matrix[t] ?? [];
          const total = row.reduce((a, b) => a + b, 0);
          const accuracy = perClass[t];
          return (
            <tr key={t}>
              <th scope="row">{t}</th>
              {CLASSES.map((p) => {
                const count = row[p] ?? 0;
                const share = total > 0 ? count / total : 0;
                const { style, ...heat } = heatCellProps(share);
                return (
                  <td
                    key={p}
                    className={p === t ? 'diagonal' : undefined}
                    style={style}
                    {...heat}
                    title={`true ${t}, predicted ${p}: ${count} of ${total}`}
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
