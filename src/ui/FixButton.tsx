import type { SuggestedFix } from '../core';
import { selectSetConfig, selectTrainerBusy } from '../store';
import { TRAIN_BUTTON_ID } from './focus';
import { useAppStore } from './storeContext';

/**
 * Applies a verdict's fix ("Use from_logits=True") in one click; not while a run trains. The fix
 * usually removes the finding and so this very button: focus moves on to Train, the next step,
 * instead of falling back to the top of the page (the new verdict is announced politely).
 */
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
      onClick={() => {
        setConfig(fix.patch);
        document.getElementById(TRAIN_BUTTON_ID)?.focus();
      }}
      data-testid={testId}
    >
      {fix.label}
    </button>
  );
}
