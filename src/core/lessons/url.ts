/**
 * The lessons' link: `?view=lessons&step=3` opens the third step; `&hide=steps,views` keeps a
 * class on it (no step list or Previous/Next buttons, no other views). Like every LossLab link it never throws, and it
 * lists each key or value it ignored, for the page to show as text. The links a lesson offers
 * (loss lab, grid, trainer) are written by the codecs of those pages.
 */
import { encodeGridLink } from '../grid/url';
import { encodeLab } from '../labUrl';
import type { IgnoredParam } from '../url';
import { echo, encodeConfig, linkCapNotices, parseQuery } from '../url';
import type { Lesson, LessonLink } from './lesson';
import { lessonConfig } from './lesson';
import { LESSONS } from './steps';
import { VIEW_REGISTRY, type ViewId } from '../views';

export const LESSONS_VIEW = 'lessons' satisfies ViewId;

/** Parts of the lessons page a link may hide (the view registry's list). */
export const LESSON_PARTS = VIEW_REGISTRY.lessons.hide;
export type LessonPart = (typeof LESSON_PARTS)[number];

export interface DecodedLessonLink {
  /** 0-based index into `LESSONS`. */
  step: number;
  hide: LessonPart[];
  ignored: IgnoredParam[];
}

const KEYS = new Set(['view', 'step', 'hide']);

/** Reads `?view=lessons&step=N&hide=…`. Never throws; a bad step falls back to the first. */
export function decodeLessonLink(search: string): DecodedLessonLink {
  const ignored: IgnoredParam[] = linkCapNotices(search);
  const ignore = (key: string, value: string, reason: string) =>
    ignored.push({ key: echo(key), value: echo(value), reason });
  const seen = new Set<string>();
  let step = 0;
  const hide: LessonPart[] = [];
  for (const [key, value] of parseQuery(search)) {
    if (!KEYS.has(key)) {
      ignore(key, value, 'not a lessons key');
      continue;
    }
    if (seen.has(key)) {
      ignore(key, value, 'repeated key; the first value was used');
      continue;
    }
    seen.add(key);
    if (key === 'step') {
      const n = /^\d{1,3}$/.test(value) ? Number(value) : NaN;
      if (n >= 1 && n <= LESSONS.length) step = n - 1;
      else ignore(key, value, `expected a step from 1 to ${LESSONS.length}`);
    } else if (key === 'hide') {
      for (const part of value.split(',')) {
        if (part === '') continue;
        if ((LESSON_PARTS as readonly string[]).includes(part)) {
          if (!hide.includes(part as LessonPart)) hide.push(part as LessonPart);
        } else ignore('hide', part, `expected ${LESSON_PARTS.join(' or ')}`);
      }
    }
  }
  return { step, hide, ignored };
}

/** Writes the lessons link (without `?`): `view=lessons&step=N`, plus `hide` when set. */
export function encodeLessonLink(step: number, hide: readonly LessonPart[] = []): string {
  const n = Math.min(Math.max(Math.trunc(step), 0), LESSONS.length - 1) + 1;
  const parts = [`view=${LESSONS_VIEW}`, `step=${n}`];
  if (hide.length > 0) parts.push(`hide=${hide.join(',')}`);
  return parts.join('&');
}

/** The query string (with `?`) a lesson's link opens: the loss lab, the grid or the trainer. */
export function lessonLinkHref(lesson: Lesson, link: LessonLink): string {
  const config = lessonConfig(lesson);
  switch (link.kind) {
    case 'lab':
      return encodeLab(link.example);
    // The grid and the trainer start the lesson's run when opened: a link names a result, and
    // opening empty charts would leave the student to find the button and wait.
    case 'grid':
      return `?${encodeGridLink({ base: config, axes: link.axes }, { autorun: true })}`;
    case 'trainer':
      return `?${encodeConfig(config, { autorun: true, show: link.show ?? 'curves' })}`;
  }
}
