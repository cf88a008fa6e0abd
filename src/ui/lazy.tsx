/**
 * Parts of the page that are not needed for the first screen (charts, results, code export, the
 * grid, history, lessons, class and loss lab) load on demand, so the trainer paints after less
 * JavaScript (README, "Instant start"). Each shows a visible loading state in place, and a part
 * that cannot load (offline without the service worker, or a new version replaced the old files)
 * says so instead of taking the whole page down.
 */
import {
  Component,
  lazy,
  Suspense,
  useEffect,
  useState,
  type ComponentType,
  type ReactNode,
} from 'react';

export interface LazyPart<P extends object> {
  Component: ComponentType<P>;
  /** Starts loading now (idle time, or a pointer over the tab); safe to call repeatedly. */
  preload: () => Promise<unknown>;
}

/** A named export of a module, loaded when first rendered or preloaded. */
export function lazyPart<M, P extends object>(
  load: () => Promise<M>,
  pick: (module: M) => ComponentType<P>,
): LazyPart<P> {
  let loading: Promise<M> | null = null;
  const preload = () => {
    loading ??= load().catch((error: unknown) => {
      loading = null; // a later render may try again
      throw error;
    });
    return loading;
  };
  const Lazy = lazy(() => preload().then((module) => ({ default: pick(module) })));
  return { Component: Lazy, preload };
}

/** Loads `parts` when the page is idle, so that they are there before they are needed. */
export function preloadWhenIdle(parts: readonly { preload: () => Promise<unknown> }[]): () => void {
  const run = () => {
    for (const part of parts) part.preload().catch(() => undefined);
  };
  if (typeof window.requestIdleCallback === 'function') {
    const id = window.requestIdleCallback(run, { timeout: 3000 });
    return () => window.cancelIdleCallback(id);
  }
  const id = window.setTimeout(run, 500);
  return () => window.clearTimeout(id);
}

interface BoundaryProps {
  label: string;
  children: ReactNode;
}

class LoadBoundary extends Component<BoundaryProps, { error: string | null }> {
  override state = { error: null as string | null };

  static getDerivedStateFromError(error: unknown) {
    return { error: error instanceof Error ? error.message : String(error) };
  }

  override render() {
    if (this.state.error === null) return this.props.children;
    return (
      <div role="alert" className="error lazy-error" data-testid="lazy-error">
        Could not load the {this.props.label} ({this.state.error}). Check the connection and{' '}
        <button type="button" className="link-button" onClick={() => window.location.reload()}>
          reload the page
        </button>
        .
      </div>
    );
  }
}

/** A loading line in place of a part that is on its way. */
export function Loading({ label }: { label: string }) {
  return (
    <p className="muted lazy-loading" role="status" data-testid="lazy-loading">
      Loading the {label}…
    </p>
  );
}

/**
 * False until `ready` holds and the browser has painted once since (a frame, then a task): what
 * renders in that commit (the status line saying the worker is ready) reaches the screen before
 * a part's code is fetched, evaluated and rendered.
 */
function usePaintedAfter(ready: boolean): boolean {
  const [painted, setPainted] = useState(false);
  useEffect(() => {
    if (!ready) return;
    let timer = 0;
    const frame = requestAnimationFrame(() => {
      timer = window.setTimeout(() => setPainted(true), 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      window.clearTimeout(timer);
    };
  }, [ready]);
  return painted;
}

/**
 * Renders a lazily loaded part with its loading state (`fallback`, by default a line saying what
 * is loading) and an error message if it cannot load. `afterFirstPaint`: a part below the first
 * screen's essentials starts loading only once `until` holds (by default at once) and the page
 * has painted since, so its code never competes with the first paint, nor with what `until`
 * waits for (rendering a lazy component is what starts its download).
 */
export function Deferred({
  label,
  fallback,
  afterFirstPaint = false,
  until = true,
  children,
}: {
  label: string;
  fallback?: ReactNode;
  afterFirstPaint?: boolean;
  until?: boolean;
  children: ReactNode;
}) {
  const painted = usePaintedAfter(until);
  const loading = fallback ?? <Loading label={label} />;
  return (
    <LoadBoundary label={label}>
      {afterFirstPaint && !painted ? loading : <Suspense fallback={loading}>{children}</Suspense>}
    </LoadBoundary>
  );
}
