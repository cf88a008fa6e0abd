import { describeSkipped, type BackendReport } from '../core';

/** The backend in use as a badge, with why it was chosen and why the others were skipped. */
export function BackendStatus({ report }: { report: BackendReport }) {
  // Only the details of the backend that trains: `auto` may have measured others before it.
  const used = report.attempts.find((attempt) => attempt.ok && attempt.backend === report.backend);
  const skipped = describeSkipped(report);
  return (
    <div className="backend-status">
      <span className="badge" data-testid="backend-badge" data-backend={report.backend}>
        {report.backend}
      </span>{' '}
      <span className="muted small" data-testid="backend-reason">
        {report.reason}
        {used?.detail ? ` · ${used.detail}` : ''}
      </span>
      {skipped.length > 0 && (
        <details className="skipped-details">
          <summary className="small">Other backends ({skipped.length} not used)</summary>
          <ul className="skipped" aria-label="Skipped backends">
            {skipped.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
