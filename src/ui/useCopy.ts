import { useCallback, useEffect, useRef, useState } from 'react';

export type CopyState = 'idle' | 'copied' | 'failed';

/**
 * Copies text to the clipboard and remembers the outcome for a few seconds, for a "Copied" label.
 * The clipboard can be refused (an insecure origin, a denied permission): the caller then shows
 * the text selected, for the user to copy by hand.
 */
export function useCopy(): [CopyState, (text: string) => Promise<void>] {
  const [state, setState] = useState<CopyState>('idle');
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
  const copy = useCallback(async (text: string) => {
    let outcome: CopyState;
    try {
      await navigator.clipboard.writeText(text);
      outcome = 'copied';
    } catch {
      outcome = 'failed';
    }
    setState(outcome);
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => setState('idle'), outcome === 'copied' ? 2500 : 15000);
  }, []);
  return [state, copy];
}
