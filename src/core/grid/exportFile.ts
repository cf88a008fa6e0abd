/**
 * Grids and runs as versioned JSON that `parseExport` reads back: the history's export and
 * import, and the file a page offers when it could not save its runs. Apart from the table's CSV
 * and Markdown (./export.ts), so the first screen, which may offer that file, does not carry the
 * grid table's code. Pure.
 */
import type { GridRecord, RecordVersion, RunRecord } from './records';
import { RECORD_VERSION, isReadableVersion, parseGridRecord, parseRunRecord } from './records';

/** A JSON export: a grid with its runs, or a list of runs. NaN losses are written as `null`. */
export interface ExportFile {
  format: 'losslab-export';
  version: RecordVersion;
  exportedAt: string;
  grids: GridRecord[];
  runs: RunRecord[];
}

/** Grids and runs as pretty-printed JSON (`NaN`/`Infinity` become `null`, as JSON has neither). */
export function toExportJson(
  grids: readonly GridRecord[],
  runs: readonly RunRecord[],
  now: Date = new Date(),
): string {
  const file: ExportFile = {
    format: 'losslab-export',
    version: RECORD_VERSION,
    exportedAt: now.toISOString(),
    grids: [...grids],
    runs: [...runs],
  };
  return JSON.stringify(file, null, 2);
}

/** `null` back to NaN in the numeric history fields JSON could not hold. */
function restoreNumbers(run: unknown): unknown {
  if (typeof run !== 'object' || run === null) return run;
  const record = run as { history?: unknown; testAccuracy?: unknown };
  const fix = (x: unknown) => (x === null ? NaN : x);
  const history = Array.isArray(record.history)
    ? record.history.map((h: unknown) =>
        typeof h === 'object' && h !== null
          ? Object.fromEntries(Object.entries(h).map(([k, x]) => [k, fix(x)]))
          : h,
      )
    : record.history;
  return { ...record, history, testAccuracy: fix(record.testAccuracy) };
}

/**
 * Reads a JSON export back, validating every record; invalid records are skipped and listed.
 * Never throws.
 */
export function parseExport(text: string): {
  grids: GridRecord[];
  runs: RunRecord[];
  problems: string[];
} {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { grids: [], runs: [], problems: ['not JSON'] };
  }
  const file = data as Partial<ExportFile> | null;
  if (!file || file.format !== 'losslab-export' || !isReadableVersion(file.version)) {
    return { grids: [], runs: [], problems: ['not a LossLab export of a version this page reads'] };
  }
  const problems: string[] = [];
  const grids: GridRecord[] = [];
  const runs: RunRecord[] = [];
  for (const raw of Array.isArray(file.grids) ? file.grids : []) {
    const parsed = parseGridRecord(raw);
    if (parsed.ok) grids.push(parsed.value);
    else problems.push(`grid skipped: ${parsed.reason}`);
  }
  for (const raw of Array.isArray(file.runs) ? file.runs : []) {
    const parsed = parseRunRecord(restoreNumbers(raw));
    if (parsed.ok) runs.push(parsed.value);
    else problems.push(`run skipped: ${parsed.reason}`);
  }
  return { grids, runs, problems };
}
