import { describeSkipped, type BackendReport } from '../core';

/** "wasm · single-threaded", "wasm · 4 threads", or just the backend's name. */
function badgeText(report: BackendReport): string {
  const threads = report.attempts.find((a) => a.ok && a.backend === report.backend)?.threads;
  if (threads === undefined) return report.backend;
  return `${report.backend} · ${threads === 1 ? 'single-threaded' : `${threads} threads`}`;
}

/** The backend in use as a badge, with why it was chosen and why the others were skipped. */
export function BackendStatus({ report }: { report: BackendReport }) {
  const used = report.attempts.find((attempt) => attempt.ok);
  const skipped = describeSkipped(report);
  return (
    <div className="backend-status">
      <span
        className="badge"
        data-testid="backend-badge"
        data-backend={report.backend}
        data-basis={report.basis?.kind}
      >
        {badgeText(report)}
      </span>{' '}
      <span className="muted" data-testid="backend-reason">
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
