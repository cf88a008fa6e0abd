/**
 * Notices about a link's ignored parts, summarised for the page: a hostile or broken link can
 * carry thousands of unknown keys or the same bad value thousands of times, and listing each
 * would bury the page. Identical notices collapse into one with a count; the first `shown`
 * distinct ones are listed, the next ones (up to `listed` in all) sit behind a disclosure, and
 * whatever is past that is only counted.
 */
import type { IgnoredParam } from './url';

/** Distinct notices a list shows before it folds the rest away. */
export const NOTICES_SHOWN = 5;
/** Distinct notices listed in all (shown and folded); past this they are only counted. */
export const NOTICES_LISTED = 100;

export interface CountedNotice {
  notice: IgnoredParam;
  /** How often the identical notice occurred. */
  count: number;
}

export interface NoticeSummary {
  /** The first distinct notices, in link order. */
  shown: CountedNotice[];
  /** The next distinct notices, in link order, listed on request. */
  folded: CountedNotice[];
  /** Notices not listed at all (distinct ones past `listed`, with their repeats). */
  more: number;
}

export function summariseNotices(
  notices: readonly IgnoredParam[],
  shown = NOTICES_SHOWN,
  listed = NOTICES_LISTED,
): NoticeSummary {
  const distinct = new Map<string, CountedNotice>();
  let more = 0;
  for (const notice of notices) {
    const id = JSON.stringify([notice.key, notice.value, notice.reason]);
    const seen = distinct.get(id);
    if (seen) seen.count++;
    else if (distinct.size < Math.max(shown, listed)) distinct.set(id, { notice, count: 1 });
    else more++;
  }
  const all = [...distinct.values()];
  return { shown: all.slice(0, shown), folded: all.slice(shown), more };
}
