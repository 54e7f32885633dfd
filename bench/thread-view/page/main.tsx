// The benchmark page: mounts <ThreadView> over a store seeded with N messages (?n=) and reports,
// on window.__bench, when the newest message became visible and how many DOM nodes exist.
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import { KitProvider, ThreadView, createKitStore, createKitClient } from '@kit/components';
import '@kit/components/styles.css';
import { ACCOUNT, CID, CONVERSATIONS, thread } from '../../../packages/components/src/test/fixtures';

declare global {
  interface Window {
    __bench?: Record<string, number | string>;
    __scroll?: () => Promise<{ frames: number; medianMs: number; p95Ms: number; maxRows: number }>;
  }
}

const n = Number(new URLSearchParams(location.search).get('n') ?? 10_000);
const messages = thread(n);
const client = createKitClient({ baseUrl: '/kit' });
const app = document.getElementById('app')!;
const newestId = messages[messages.length - 1]!.id;

function newestVisible(): boolean {
  const scroller = app.querySelector<HTMLElement>('.kit-thread-scroller');
  const row = scroller?.querySelector<HTMLElement>(`[data-message-id="${newestId}"]`);
  if (!scroller || !row) return false;
  const s = scroller.getBoundingClientRect();
  const r = row.getBoundingClientRect();
  return r.height > 0 && r.top >= s.top - 1 && r.bottom <= s.bottom + 1;
}

const t0 = performance.now();
const store = createKitStore({ client, accountId: ACCOUNT });
store.getState().seedConversations(CONVERSATIONS);
store.getState().seedThread(CID, messages);
const tSeeded = performance.now();
const root = createRoot(app);
// flushSync: render, commit and layout effects happen now, so the time to the committed DOM can
// be told apart from the browser's time to the first frame.
flushSync(() =>
  root.render(
    <KitProvider client={client} store={store} accountId={ACCOUNT} live={false} style={{ width: '100%', height: '100%' }}>
      <ThreadView conversationId={CID} />
    </KitProvider>,
  ),
);
const tCommitted = performance.now();

let frames = 0;
let firstRowsAt = 0;
const check = () => {
  frames++;
  if (!firstRowsAt && app.querySelector('[data-row]')) firstRowsAt = performance.now() - tSeeded;
  if (!newestVisible()) return requestAnimationFrame(check);
  const tVisible = performance.now();
  // One more frame so the numbers describe a settled page.
  requestAnimationFrame(() => {
    window.__bench = {
      n,
      seedMs: tSeeded - t0,
      mountToVisibleMs: tVisible - tSeeded,
      totalMs: tVisible - t0,
      domNodes: document.getElementsByTagName('*').length,
      renderedRows: app.querySelectorAll('[data-row]').length,
      stillVisible: newestVisible() ? 1 : 0,
      frames,
      firstRowsMs: firstRowsAt,
      commitMs: tCommitted - tSeeded,
    };
  });
};
requestAnimationFrame(check);

// Scroll upward through the thread, one big step per frame, recording frame-to-frame times.
window.__scroll = () =>
  new Promise((resolve) => {
    const scroller = app.querySelector<HTMLElement>('.kit-thread-scroller')!;
    const deltas: number[] = [];
    let maxRows = 0;
    let last = performance.now();
    let frames = 0;
    const step = () => {
      const now = performance.now();
      deltas.push(now - last);
      last = now;
      maxRows = Math.max(maxRows, app.querySelectorAll('[data-row]').length);
      if (++frames >= 120) {
        const sorted = deltas.slice(1).sort((a, b) => a - b);
        resolve({
          frames,
          medianMs: sorted[Math.floor(sorted.length / 2)]!,
          p95Ms: sorted[Math.floor(sorted.length * 0.95)]!,
          maxRows,
        });
        return;
      }
      scroller.scrollTop = Math.max(0, scroller.scrollTop - 900);
      requestAnimationFrame(step);
    };
    requestAnimationFrame(step);
  });
