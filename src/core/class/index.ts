export * from './protocol';
export * from './documents';
export * from './aggregate';
