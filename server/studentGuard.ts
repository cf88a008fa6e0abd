/**
 * The server's check of every update a student sends to their own document, at a cost that
 * follows the update's size, not the document's. Each student document has a shadow: a Y.Doc
 * holding the document plus every update accepted for it. A candidate update is applied to the
 * shadow, and only the entries that transaction changed are validated (with the per-entry rule of
 * core/class), plus the entry counts. A refused update leaves the shadow holding it, so the shadow
 * is rebuilt from the live document (a refusal is what a hostile client causes, never a student).
 *
 * Copying the whole document for every update cost about 10 ms at 30 runs of 20 epochs and
 * 160 ms at the caps (200 runs of 100 epochs), on the one thread that relays every class.
 */
import * as Y from 'yjs';
import { STUDENT_PARTS, studentEntryProblem, studentSizeProblem } from '../src/core/class';

interface Shadow {
  doc: Y.Doc;
  /** The parts a student document may have, by their root type. */
  parts: Map<object, { part: string; map: Y.Map<unknown> }>;
}

function newShadow(live: Y.Doc): Shadow {
  // A fixed guid: Y.Doc would otherwise draw a random UUID (31 calls into the CSPRNG).
  const doc = new Y.Doc({ guid: 'shadow', gc: live.gc });
  const parts: Shadow['parts'] = new Map();
  for (const part of STUDENT_PARTS) {
    const map = doc.getMap(part);
    parts.set(map, { part, map });
  }
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(live));
  return { doc, parts };
}

/** Why this transaction's changes may not be stored, or null. */
function changesProblem(shadow: Shadow, transaction: Y.Transaction): string | null {
  for (const name of shadow.doc.share.keys()) {
    if (!(STUDENT_PARTS as readonly string[]).includes(name)) return `unexpected part "${name}"`;
  }
  for (const [type, keys] of transaction.changed) {
    const root = shadow.parts.get(type);
    // A change inside a nested type: students store plain JSON values, never shared types.
    if (root === undefined) return 'a nested shared type';
    const { part, map } = root;
    for (const key of keys) {
      if (key === null) return `"${part}" used as a list`;
      const value = map.get(key);
      if (value === undefined) continue;
      if (value instanceof Y.AbstractType || value instanceof Y.Doc) return 'a nested shared type';
      const problem = studentEntryProblem(part, key, value);
      if (problem) return problem;
    }
    const problem = studentSizeProblem(part, map.size);
    if (problem) return problem;
  }
  return null;
}

export interface StudentGuard {
  /** Why the update may not be applied to the live document, or null (the shadow then holds it). */
  check(live: Y.Doc, update: Uint8Array): string | null;
}

export function createStudentGuard(): StudentGuard {
  // Keyed weakly: a shadow goes with its document when Hocuspocus unloads it.
  const shadows = new WeakMap<Y.Doc, Shadow>();
  const shadowOf = (live: Y.Doc): Shadow => {
    let shadow = shadows.get(live);
    if (!shadow) {
      shadow = newShadow(live);
      shadows.set(live, shadow);
    } else {
      // What reached the live document by another way (another instance, through Redis).
      const missing = Y.encodeStateAsUpdate(live, Y.encodeStateVector(shadow.doc));
      if (missing.byteLength > 2) Y.applyUpdate(shadow.doc, missing);
    }
    return shadow;
  };
  return {
    check(live, update) {
      const shadow = shadowOf(live);
      let problem: string | null = null;
      const judge = (transaction: Y.Transaction) => {
        problem ??= changesProblem(shadow, transaction);
      };
      shadow.doc.on('afterTransaction', judge);
      try {
        Y.applyUpdate(shadow.doc, update);
      } catch {
        problem = 'an update that cannot be decoded';
      } finally {
        shadow.doc.off('afterTransaction', judge);
      }
      if (problem !== null) {
        shadow.doc.destroy();
        shadows.set(live, newShadow(live));
      }
      return problem;
    },
  };
}
