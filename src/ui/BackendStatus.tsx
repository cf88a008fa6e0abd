import { describeSkipped, type BackendName, type BackendReport } from '../core';

/** Where the run trains, in words a student reads without knowing the backends' names. */
export const PLAIN_BACKEND: Readonly<Record<BackendName, string>> = {
  webgpu: 'Trains on the graphics card',
  webgl: 'Trains on the graphics card',
  wasm: 'Trains on the processor',
  cpu: 'Trains on the processor, with the slow reference code',
};

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

/**
 * Where the run trains, in plain words; the backend's badge, why it was chosen (threads,
 * cross-origin isolation) and why the others were skipped open on demand.
 */
export function BackendStatus({ report }: { report: BackendReport }) {
  // Only the details of the backend that trains: `auto` may have measured others before it.
  const used = report.attempts.find((attempt) => attempt.ok && attempt.backend === report.backend);
  const skipped = describeSkipped(report);
  return (
    <details className="backend-status" data-testid="backend-status">
      <summary>
        <span data-testid="backend-plain">{PLAIN_BACKEND[report.backend]}</span>{' '}
        <span className="muted small">(details)</span>
      </summary>
      <span
        className="badge"
        data-testid="backend-badge"
        data-backend={report.backend}
        data-basis={report.basis?.kind}
      >
        {badgeText(report)}
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
    </details>
  );
}
