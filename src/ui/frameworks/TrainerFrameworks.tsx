import { useMemo } from 'react';
import { equivalentsExample } from '../../core';
import { selectConfig } from '../../store';
import { useAppStore } from '../storeContext';
import { FrameworkEquivalents } from './FrameworkEquivalents';

/** The trainer's configuration under every framework's name, on a fixed example of ten logits. */
export function TrainerFrameworks() {
  const config = useAppStore(selectConfig);
  const { loss, activation, fromLogits, semantics, labels, task } = config;
  const key = useMemo(
    () => ({ loss, activation, fromLogits, semantics }),
    [loss, activation, fromLogits, semantics],
  );
  const example = useMemo(() => equivalentsExample(labels, task === 'multilabel'), [labels, task]);
  return <FrameworkEquivalents config={key} example={example} />;
}
