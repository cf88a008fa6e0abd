export * from './protocol';
export * from './documents';
