/**
 * Experiments (issue 6): the grid planner, the grid link, built-in grids, the table's
 * derivations, stored records and export formats. Pure: no DOM, React, tfjs or IndexedDB.
 */
export * from './spec';
export * from './url';
export * from './presets';
export * from './records';
export * from './table';
export * from './export';
export * from './exportFile';
