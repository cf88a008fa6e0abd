import { describeSkipped, type BackendReport } from '../core';

/**
 * "wasm · single-threaded" (no cross-origin isolation: a plain static host), "wasm · threaded,
 * 4 threads" (with COOP/COEP), or just the backend's name.
 */
function badgeText(report: BackendReport): string {
  const used = report.attempts.find((a) => a.ok && a.backend === report.backend);
  if (used?.threads === undefined) return report.backend;
  if (!used.threadedBuild) return `${report.backend} · single-threaded`;
  return `${report.backend} · threaded, ${used.threads} thread${used.threads === 1 ? '' : 's'}`;
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
