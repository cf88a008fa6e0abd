/**
 * Number literals as Python and JavaScript source spell them. A leaf, shared by the exporters
 * (codegen/) and the catalogue entries' own code.
 */

/** A Python/JS float literal: `0.001`, `1e-7`, `1.0` (never `1`, so Python sees a float). */
export function floatLit(n: number): string {
  const s = String(n);
  return /[.e]/.test(s) ? s : `${s}.0`;
}

/** An integer literal. */
export function intLit(n: number): string {
  return String(Math.trunc(n));
}
