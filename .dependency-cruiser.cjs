/**
 * The import graph's rules beyond ESLint's layer boundaries (run by `npm run lint`):
 * - core has no cycles at all, type-only imports included;
 * - the store has no run-time cycles. Its slices' type-only imports of `AppState` (the union of
 *   every slice, zustand's slice pattern) are cycles in types only and vanish at run time.
 */
module.exports = {
  forbidden: [
    {
      name: 'no-circular-core',
      severity: 'error',
      comment: 'A module of core must not depend on itself through others, not even by types.',
      from: { path: '^src/core/' },
      to: { circular: true },
    },
    {
      name: 'no-circular-store',
      severity: 'error',
      comment: 'A module of the store must not depend on itself through others at run time.',
      from: { path: '^src/store/' },
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.test\\.tsx?$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.app.json' },
  },
};
