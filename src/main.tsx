import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createAppStore } from './store';
import { App } from './ui/App';
import { StoreContext } from './ui/storeContext';
import './ui/styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html lacks #root');

createRoot(root).render(
  <StrictMode>
    <StoreContext.Provider value={createAppStore()}>
      <App />
    </StoreContext.Provider>
  </StrictMode>,
);
