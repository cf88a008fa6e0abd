/**
 * The verdict on a configuration is derived state: computed from the config by the Keras
 * semantics core, never stored. `verdictOf` remembers the last answer so that every component
 * reading it during one render, and every render until the config changes, shares one check.
 */
import type { MetricName, RunConfig } from '../core';

// TEMPORARY: mirrors the verdict the Keras semantics core (src/core/keras, `checkConfig`) will
// return; replaced by the real one as soon as it lands.
export interface SuggestedFix {
  label: string;
  patch: Partial<RunConfig>;
}
export interface Finding {
  level: 'ok' | 'warning' | 'error';
  title: string;
  explanation: string;
  kerasMessage?: string;
  suggestedFix?: SuggestedFix;
}
export interface Verdict {
  level: 'ok' | 'warning' | 'error';
  findings: Finding[];
  resolvedMetric: MetricName;
  formula: string;
}
function checkConfig(config: RunConfig): Verdict {
  return { level: 'ok', findings: [], resolvedMetric: config.metric, formula: '' };
}

let lastConfig: RunConfig | null = null;
let lastVerdict: Verdict | null = null;

export function verdictOf(config: RunConfig): Verdict {
  if (config !== lastConfig || !lastVerdict) {
    lastVerdict = checkConfig(config);
    lastConfig = config;
  }
  return lastVerdict;
}
