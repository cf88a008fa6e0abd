import { describe, expect, it } from 'vitest';
import { decodeConfig, CONTROL_IDS } from './url';
import { decodeLessonLink, LESSON_PARTS } from './lessons';
import { readPage, readView, VIEW_REGISTRY, VIEWS, viewEntry } from './views';

describe('view registry', () => {
  it('lists the app views in tab order, without the pages of their own', () => {
    expect(VIEWS).toEqual(['trainer', 'grid', 'history', 'lessons', 'class']);
    expect(Object.keys(VIEW_REGISTRY).filter((id) => !VIEWS.includes(id as never))).toEqual([
      'lab',
    ]);
  });

  it.each([
    ['?view=lab&preset=extreme', 'lab'],
    // The lab's page wins wherever its `view` key stands, as it always has.
    ['?view=grid&view=lab', 'lab'],
    ['?view=history&view=grid', 'history'],
    ['?view=class', 'class'],
    ['?view=nothing', 'trainer'],
    ['?act=softmax', 'trainer'],
  ] as const)('readPage(%s) = %s', (search, page) => {
    expect(readPage(search)).toBe(page);
  });

  it('never opens a page of its own as an app view', () => {
    expect(readView('?view=lab')).toBe('trainer');
  });

  it("names in `hide` exactly what each view's codec accepts", () => {
    expect(VIEW_REGISTRY.trainer.hide).toEqual(CONTROL_IDS);
    expect(decodeConfig(`hide=${CONTROL_IDS.join(',')}`).hide).toEqual([...CONTROL_IDS]);
    expect(VIEW_REGISTRY.lessons.hide).toEqual(LESSON_PARTS);
    const lesson = decodeLessonLink(`view=lessons&hide=${LESSON_PARTS.join(',')},other`);
    expect(lesson.hide).toEqual([...LESSON_PARTS]);
    expect(lesson.ignored.map((i) => i.value)).toEqual(['other']);
    for (const id of VIEWS) expect(viewEntry(id).label.length).toBeGreaterThan(0);
  });
});
