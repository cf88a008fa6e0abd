/** Random configurations for table-driven tests: every field drawn from the field table. */
import { FIELD_NAMES, createRng, fieldSpec, splitProblem, type RunConfig } from '../core';

/** A random configuration within the table: every choice, number and the data drawn. */
export function randomConfig(seed: number): RunConfig {
  const rng = createRng(seed);
  const config: Record<string, unknown> = {};
  for (const field of FIELD_NAMES) {
    const spec = fieldSpec(field);
    switch (spec.kind) {
      case 'choice':
        config[field] = spec.options[Math.floor(rng.next() * spec.options.length)];
        break;
      case 'number': {
        const { min, max, integer } = spec.limits;
        const x = min + rng.next() * (max - min);
        config[field] = integer ? Math.round(x) : Number(x.toPrecision(3));
        break;
      }
      case 'boolean':
        config[field] = rng.next() < 0.5;
        break;
      case 'dataset':
        config[field] =
          rng.next() < 0.5
            ? { id: 'mnist' }
            : {
                id: 'own',
                hash: '0123456789abcdef',
                trainCount: 9_000,
                testCount: 9_999,
                name: 'a,b.idx',
              };
    }
  }
  const c = config as unknown as RunConfig;
  return splitProblem(c) ? { ...c, trainSize: 100, testSize: 100 } : c;
}
