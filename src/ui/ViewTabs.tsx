import './experiments.css';
import { VIEW_REGISTRY, VIEWS } from '../core';
import { preloadSliceCode, selectSetView, selectView, VIEW_SLICES } from '../store';
import { useAppStore } from './storeContext';
import { VIEW_PARTS } from './viewParts';

/** The page's views, as a tab list (the address bar follows: `view=grid`, `view=lessons`…). */
export function ViewTabs() {
  const view = useAppStore(selectView);
  const setView = useAppStore(selectSetView);
  return (
    <nav className="view-tabs" aria-label="Views">
      {VIEWS.map((id) => {
        const preload = () => {
          void VIEW_PARTS[id].preload?.().catch(() => undefined);
          VIEW_SLICES[id]?.forEach(preloadSliceCode);
        };
        return (
          <button
            key={id}
            type="button"
            className="view-tab"
            aria-current={view === id ? 'page' : undefined}
            data-testid={`view-${id}`}
            onClick={() => setView(id)}
            // The view's code starts loading as the pointer or focus reaches its tab.
            onPointerEnter={preload}
            onFocus={preload}
          >
            {VIEW_REGISTRY[id].label}
          </button>
        );
      })}
    </nav>
  );
}
