// First of all: take the bridge token out of the URL and the history entry (browser mode).
import './api/bridge-token';
import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import './app/global.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { getApi } from './api/client';
import { App } from './app/App';

// Start the token exchange (browser mode) before the first render needs the bridge.
getApi();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
