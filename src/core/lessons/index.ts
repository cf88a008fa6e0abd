/** Guided lessons: the steps as data, their links, and a student's progress. */
export * from './lesson';
export * from './progress';
export * from './steps';
export * from './url';
