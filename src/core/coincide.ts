/**
 * Curves that coincide: two runs whose curves agree to the precision Keras prints (4 decimals)
 * at every epoch draw one line, and the later one hides the earlier. That is often the lesson
 * (softmax + CCE and linear + CCE with from_logits=True train identically), so the compare view
 * says it instead of leaving a legend entry with no visible line.
 */

export interface NamedCurve {
  name: string;
  points: readonly { x: number; y: number }[];
}

/** Half a unit in the 4th decimal: values that print alike in the Keras log. */
const SAME = 5e-5;

function same(a: NamedCurve, b: NamedCurve): boolean {
  if (a.points.length === 0 || a.points.length !== b.points.length) return false;
  return a.points.every((p, i) => {
    const q = b.points[i];
    if (!q || p.x !== q.x) return false;
    if (Number.isNaN(p.y) || Number.isNaN(q.y)) return Number.isNaN(p.y) && Number.isNaN(q.y);
    return Math.abs(p.y - q.y) <= SAME;
  });
}

/** The groups (two or more names, in the given order) whose curves lie on one another. */
export function coincidingCurves(curves: readonly NamedCurve[]): string[][] {
  const groups: string[][] = [];
  const placed = new Set<number>();
  curves.forEach((curve, i) => {
    if (placed.has(i)) return;
    const group = [curve.name];
    for (let j = i + 1; j < curves.length; j++) {
      const other = curves[j];
      if (other && !placed.has(j) && same(curve, other)) {
        group.push(other.name);
        placed.add(j);
      }
    }
    if (group.length > 1) groups.push(group);
  });
  return groups;
}
