/**
 * Every view of the page, once (excalidraw's action registry is the model): its id, which is the
 * link's `view=` value, its tab label, the codec that reads and writes its link keys, and what a
 * link's `hide=` may remove from it. The store's URL sync, the tabs, the page shell and the
 * lazily loaded components (`src/ui/viewParts.ts`, a `Record` over these ids) all read it.
 *
 * A view whose link is only `view=<id>` is one entry here and one component in `viewParts.ts`.
 */
import { CONTROL_IDS, parseQuery } from './url';

/**
 * How a view's link is read and written: `config` is the trainer's codec (src/core/url.ts),
 * `grid` and `lessons` theirs (grid/url.ts, lessons/url.ts), `lab` the loss lab's (labUrl.ts);
 * `plain` is `view=<id>` alone.
 */
type ViewCodec = 'config' | 'grid' | 'lessons' | 'plain' | 'lab';

interface ViewEntry {
  /** The tab's text. */
  label: string;
  /** What the loading line and a load error call it ("Loading the grid…"). */
  noun: string;
  codec: ViewCodec;
  /** What `hide=` may name on this view (anything else is listed as ignored). */
  hide: readonly string[];
  /** A page of its own: no tabs, no trainer store, a link back to the trainer. */
  alone?: true;
}

export const VIEW_REGISTRY = {
  trainer: { label: 'Trainer', noun: 'trainer', codec: 'config', hide: CONTROL_IDS },
  grid: { label: 'Grid', noun: 'grid', codec: 'grid', hide: [] },
  history: { label: 'History & compare', noun: 'history', codec: 'plain', hide: [] },
  // `steps` is the step list with Previous/Next; `views` the tabs, keeping a class on the lesson.
  lessons: { label: 'Lessons', noun: 'lessons', codec: 'lessons', hide: ['steps', 'views'] },
  class: { label: 'Class', noun: 'class', codec: 'plain', hide: [] },
  lab: { label: 'Loss lab', noun: 'loss lab', codec: 'lab', hide: [], alone: true },
} as const satisfies Record<string, ViewEntry>;

type Registry = typeof VIEW_REGISTRY;

/** Every view a link can name, the loss lab's page included. */
export type ViewId = keyof Registry;

/** The views inside the app, under its tabs (every view that is not a page of its own). */
export type View = {
  [K in ViewId]: Registry[K] extends { alone: true } ? never : K;
}[ViewId];

/** The entry of a view, typed loosely (for code that walks every view). */
export function viewEntry(id: ViewId): ViewEntry {
  return VIEW_REGISTRY[id];
}

const VIEW_IDS = Object.keys(VIEW_REGISTRY) as ViewId[];

/** The app's views in tab order. */
export const VIEWS = VIEW_IDS.filter((id) => !viewEntry(id).alone) as readonly View[];

const isViewId = (value: string | undefined): value is ViewId =>
  (VIEW_IDS as readonly (string | undefined)[]).includes(value);

/**
 * The page a link opens. A page of its own (the loss lab) wins when any `view` key names it,
 * since its keys mean nothing to the app; otherwise the first `view` key's view, else the
 * trainer. Never throws.
 */
export function readPage(search: string): ViewId {
  const named = parseQuery(search)
    .filter(([key]) => key === 'view')
    .map(([, value]) => value);
  const alone = named.find((value) => isViewId(value) && viewEntry(value).alone);
  if (alone !== undefined && isViewId(alone)) return alone;
  return readView(search);
}

/** The app view a link asks for: `view=grid`, `view=history`, `view=lessons`…, else the trainer. Never throws. */
export function readView(search: string): View {
  const value = parseQuery(search).find(([key]) => key === 'view')?.[1];
  return isViewId(value) && !viewEntry(value).alone ? (value as View) : 'trainer';
}
