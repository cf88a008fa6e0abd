/**
 * Notices about a link's ignored parts, summarised for the page: a hostile or broken link can
 * carry thousands of unknown keys or the same bad value thousands of times, and listing each
 * would bury the page. Identical notices collapse into one with a count; past `shown` distinct
 * ones, the rest are counted, not listed.
 */
import type { IgnoredParam } from './url';

/** Distinct notices a list shows before it says "and N more". */
export const NOTICES_SHOWN = 5;

export interface NoticeSummary {
  /** The first distinct notices, in link order, each with how often it occurred. */
  shown: { notice: IgnoredParam; count: number }[];
  /** Notices not listed (distinct ones past `shown`, with their repeats). */
  more: number;
}

export function summariseNotices(
  notices: readonly IgnoredParam[],
  shown = NOTICES_SHOWN,
): NoticeSummary {
  const distinct = new Map<string, { notice: IgnoredParam; count: number }>();
  let more = 0;
  for (const notice of notices) {
    const id = JSON.stringify([notice.key, notice.value, notice.reason]);
    const seen = distinct.get(id);
    if (seen) seen.count++;
    else if (distinct.size < shown) distinct.set(id, { notice, count: 1 });
    else more++;
  }
  return { shown: [...distinct.values()], more };
}
