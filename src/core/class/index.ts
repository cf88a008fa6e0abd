export * from './protocol';
export * from './documents';
export * from './aggregate';
export * from './sweep';
export * from './sweepResults';
