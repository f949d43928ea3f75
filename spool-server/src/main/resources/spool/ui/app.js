// The Spool console: routes (#/threads, #/threads/{id}, #/assistants, #/assistants/{id}), the API key, errors.
import { apiKey, setApiKey, ApiError } from './api.js';
import { h, fill } from './dom.js';
import { threadsView, threadView } from './threads.js';
import { assistantsView, assistantView } from './assistants.js';

const view = document.getElementById('view');
const banner = document.getElementById('banner');
const keyInput = document.getElementById('apikey');
let leave = null; // ends what the current view keeps open (a thread stream)
let generation = 0; // which route() call is current: a view that finishes after the user moved on is closed

function showError(err) {
  const needsKey = err instanceof ApiError && (err.status === 401 || err.status === 403);
  fill(banner, needsKey ? `${err.detail} — paste an API key above.` : String(err.message || err),
    h('button.small', { type: 'button', on: { click: () => { banner.hidden = true; } } }, 'Dismiss'));
  banner.className = 'banner error';
  banner.hidden = false;
}

async function route() {
  const current = ++generation;
  leave?.();
  leave = null;
  banner.hidden = true;
  delete view.dataset.streamReady;
  const [path, search] = (location.hash.slice(1) || '/threads').split('?');
  const query = new URLSearchParams(search || '');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  for (const a of document.querySelectorAll('[data-nav]')) a.classList.toggle('active', a.dataset.nav === parts[0]);
  fill(view, h('p.muted', 'Loading…'));
  try {
    if (parts[0] === 'threads' && parts[1]) {
      document.title = `Thread ${parts[1].slice(0, 8)} · Spool console`;
      const close = await threadView(view, parts[1]);
      if (current === generation) leave = close;
      else close();
    } else if (parts[0] === 'assistants' && parts[1]) {
      document.title = 'Assistant · Spool console';
      await assistantView(view, parts[1]);
    } else if (parts[0] === 'assistants') {
      document.title = 'Assistants · Spool console';
      await assistantsView(view);
    } else {
      document.title = 'Threads · Spool console';
      await threadsView(view, query);
    }
  } catch (err) {
    const needsKey = err instanceof ApiError && err.status === 401;
    fill(view, h('p.muted', needsKey ? 'This server asks for an API key: paste one at the top right and press Use.'
      : 'Could not load this view.'));
    showError(err);
    if (needsKey) keyInput.focus();
  }
}

keyInput.value = apiKey();
document.getElementById('apikey-form').addEventListener('submit', (e) => {
  e.preventDefault();
  setApiKey(keyInput.value.trim());
  route();
});
window.addEventListener('hashchange', route);
window.addEventListener('unhandledrejection', (e) => showError(e.reason));
route();
