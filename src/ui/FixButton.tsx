import type { SuggestedFix } from '../core';
import { selectSetConfig, selectTrainerBusy } from '../store';
import { useAppStore } from './storeContext';

/** Applies a verdict's fix ("Use from_logits=True") in one click; not while a run trains. */
export function FixButton({
  fix,
  primary,
  testId,
}: {
  fix: SuggestedFix;
  primary?: boolean;
  testId?: string;
}) {
  const setConfig = useAppStore(selectSetConfig);
  const busy = useAppStore(selectTrainerBusy);
  return (
    <button
      type="button"
      className={primary ? 'fix primary' : 'fix'}
      disabled={busy}
      onClick={() => setConfig(fix.patch)}
      data-testid={testId}
    >
      {fix.label}
    </button>
  );
}
