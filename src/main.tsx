import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createAppStore, createUrlSync } from './store';
import { App } from './ui/App';
import { StoreContext, UrlSyncContext } from './ui/storeContext';
import './ui/styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html lacks #root');

const store = createAppStore();
// The link is read once, before the first render, so the page opens with its configuration.
const urlSync = createUrlSync(store, window);

createRoot(root).render(
  <StrictMode>
    <StoreContext.Provider value={store}>
      <UrlSyncContext.Provider value={urlSync}>
        <App />
      </UrlSyncContext.Provider>
    </StoreContext.Provider>
  </StrictMode>,
);
