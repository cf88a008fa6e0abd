import './experiments.css';
import type { View } from '../core';
import { selectSetView, selectView } from '../store';
import { classPart, gridPart, historyPart, lessonsPart } from './parts';
import { useAppStore } from './storeContext';

const TABS: readonly { view: View; label: string; preload?: () => Promise<unknown> }[] = [
  { view: 'trainer', label: 'Trainer' },
  { view: 'grid', label: 'Grid', preload: gridPart.preload },
  { view: 'history', label: 'History & compare', preload: historyPart.preload },
  { view: 'lessons', label: 'Lessons', preload: lessonsPart.preload },
  { view: 'class', label: 'Class', preload: classPart.preload },
];

/** The page's views, as a tab list (the address bar follows: `view=grid`, `view=lessons`…). */
export function ViewTabs() {
  const view = useAppStore(selectView);
  const setView = useAppStore(selectSetView);
  return (
    <nav className="view-tabs" aria-label="Views">
      {TABS.map((tab) => (
        <button
          key={tab.view}
          type="button"
          className="view-tab"
          aria-current={view === tab.view ? 'page' : undefined}
          data-testid={`view-${tab.view}`}
          onClick={() => setView(tab.view)}
          // The view's code starts loading as the pointer or focus reaches its tab.
          onPointerEnter={() => void tab.preload?.().catch(() => undefined)}
          onFocus={() => void tab.preload?.().catch(() => undefined)}
        >
          {tab.label}
        </button>
      ))}
    </nav>
  );
}
