export { createAppStore, type AppState, type AppStore, type StoreDeps } from './appStore';
export * from './selectors';
