import { describeSkipped, type BackendReport } from '../core';

/** The backend in use as a badge, with why it was chosen and why the others were skipped. */
export function BackendStatus({ report }: { report: BackendReport }) {
  const used = report.attempts.find((attempt) => attempt.ok);
  const skipped = describeSkipped(report);
  return (
    <div className="backend-status">
      <span className="badge" data-testid="backend-badge" data-backend={report.backend}>
        {report.backend}
      </span>{' '}
      <span className="muted">
        {report.reason}
        {used?.detail ? ` · ${used.detail}` : ''}
      </span>
      {skipped.length > 0 && (
        <ul className="skipped" aria-label="Skipped backends">
          {skipped.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
