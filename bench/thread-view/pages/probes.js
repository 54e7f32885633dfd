// What every contender page shares, so that they do the same work and are measured the same way:
// the message texts and sides, "newest message visible" (the last text leaf of message N-1 fully
// inside the viewport and every clipping ancestor, polled each frame), the scroll runs and the
// prepend probe (where the first visible message is in each painted frame).
export const params = new URLSearchParams(location.search);
export const N = Number(params.get('n') || 10000);
/** Older messages the prepend probe adds. */
export const OLDER = 50;
const PREFIX = 'Message number ';
export const text = (i) => `${PREFIX}${i} — hello there 👋 with some more text to wrap`;
/** One message in three is the business's. */
export const outgoing = (i) => ((i % 3) + 3) % 3 === 0;

function insideClips(el) {
  const r = el.getBoundingClientRect();
  if (!(r.height > 0) || r.top < -1 || r.bottom > innerHeight + 1) return false;
  for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
    if (getComputedStyle(p).overflowY === 'visible') continue;
    const c = p.getBoundingClientRect();
    if (r.top < c.top - 1 || r.bottom > c.bottom + 1) return false;
  }
  return true;
}

const isLeafOf = (el, prefix) => el.childElementCount === 0 && el.textContent.startsWith(prefix);

/** Poll every frame from `t0` until the newest message is fully visible; results on window. */
export function watchNewest(t0) {
  const wanted = `${PREFIX}${N - 1} `;
  const poll = () => {
    const all = document.body.querySelectorAll('*');
    let el = null;
    for (let i = all.length - 1; i >= 0 && !el; i--) if (isLeafOf(all[i], wanted)) el = all[i];
    if (el && insideClips(el)) {
      window.__mountMs = performance.now() - t0;
      window.__newest = el;
    } else requestAnimationFrame(poll);
  };
  requestAnimationFrame(poll);
}

/** The element scrolling the thread: the newest message's nearest ancestor that overflows. */
export function scroller() {
  if (window.__scroller?.isConnected) return window.__scroller;
  for (let p = window.__newest?.parentElement; p; p = p.parentElement) {
    if (getComputedStyle(p).overflowY !== 'visible' && p.scrollHeight > p.clientHeight + 10) return (window.__scroller = p);
  }
  throw new Error('no scrolling element around the newest message');
}

const numberOf = (el) => Number(/^Message number (-?\d+) /.exec(el.textContent)?.[1]);
function messageLeaves(root) {
  const out = [];
  for (const el of root.querySelectorAll('*')) if (isLeafOf(el, PREFIX)) out.push(el);
  return out;
}

/** The topmost message intersecting the viewport and its offset from the viewport's top. */
export function firstVisible(root) {
  const box = root.getBoundingClientRect();
  let best = null;
  for (const el of messageLeaves(root)) {
    const r = el.getBoundingClientRect();
    if (r.height > 0 && r.bottom > box.top + 1 && r.top < box.bottom - 1 && (!best || r.top < best.top)) best = { num: numberOf(el), top: r.top };
  }
  return best && { num: best.num, offset: best.top - box.top };
}

function offsetOf(root, num) {
  const wanted = `${PREFIX}${num} `;
  for (const el of messageLeaves(root)) if (el.textContent.startsWith(wanted)) return el.getBoundingClientRect().top - root.getBoundingClientRect().top;
  return null;
}

/** After the next frame has been painted. */
const afterPaint = () =>
  new Promise((resolve) =>
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => resolve();
      channel.port2.postMessage(0);
    }),
  );

const quantile = (xs, q) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * q))];

/**
 * Frame-to-frame times while scrolling up: `smooth` = 120 frames of 900 px; `top` = to scrollTop 0
 * in steps of 1/60 of the starting offset.
 */
export function scrollRun(mode) {
  const el = scroller();
  return new Promise((resolve) => {
    const gaps = [];
    let last = performance.now();
    let frames = 0;
    let atTop = 0;
    const step = mode === 'smooth' ? 900 : Math.max(1, Math.ceil(el.scrollTop / 60));
    const tick = () => {
      const now = performance.now();
      gaps.push(now - last);
      last = now;
      frames++;
      atTop = el.scrollTop <= 0 ? atTop + 1 : 0;
      const done = mode === 'smooth' ? frames > 120 : atTop >= 5 || frames >= 600;
      if (done) {
        const d = gaps.slice(1);
        resolve({ mode, frames: d.length, p50: quantile(d, 0.5), p95: quantile(d, 0.95) });
        return;
      }
      el.scrollTop = Math.max(0, el.scrollTop - step);
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}

/** Prepend OLDER messages (the page's window.__prepend) and follow the first visible message frame by frame. */
export async function prependRun() {
  const el = scroller();
  await afterPaint();
  const before = firstVisible(el);
  const countBefore = window.__count();
  const shifts = [];
  window.__prepend();
  for (let f = 0; f < 40; f++) {
    await afterPaint();
    const offset = before ? offsetOf(el, before.num) : null;
    if (offset !== null) shifts.push(Math.round((offset - before.offset) * 10) / 10);
  }
  await new Promise((resolve) => setTimeout(resolve, 500));
  await afterPaint();
  const after = firstVisible(el);
  const settled = before ? offsetOf(el, before.num) : null;
  return {
    added: window.__count() - countBefore,
    sameFirst: !!(before && after && before.num === after.num),
    maxShift: shifts.length ? Math.max(...shifts.map(Math.abs)) : null,
    settledShift: settled === null ? null : Math.round((settled - before.offset) * 10) / 10,
  };
}

window.__probes = { scrollRun, prependRun };
