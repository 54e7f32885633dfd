// bench/thread-view: <ThreadView> side by side with react-virtuoso (and chatscope at 10k) in one
// Chromium process, same texts, same 800×700 box, interleaved: round r runs every contender once,
// in an order rotated by r, and the ratio kit/peer is taken within each round (the machine is
// shared; ratios from one round are comparable, absolute times are not).
//
//   node bench/thread-view/run.mjs [--rounds 5] [--sizes 10000,100000] [--only kit,virtuoso,...] [--write]
//
// Contenders: kit (ThreadView over a seeded store), virtuoso (minimal rows, as in Stream's list),
// virtuoso-kitdata (virtuoso holding the kit's message objects: heap on equal data), chatscope
// (renders every message; only at sizes ≤ 10,000). --write puts the summary into README.md.
import { createServer } from 'node:http';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import react from '@vitejs/plugin-react';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..', '..');
const argv = process.argv.slice(2);
const option = (name, fallback) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : fallback);
const rounds = Number(option('--rounds', 5));
const sizes = option('--sizes', '10000,100000').split(',').map(Number);
const CONTENDERS = {
  kit: { page: 'kit' },
  virtuoso: { page: 'virtuoso' },
  'virtuoso-kitdata': { page: 'virtuoso', query: 'data=kit' },
  chatscope: { page: 'chatscope', maxSize: 10_000 },
};
const only = option('--only', Object.keys(CONTENDERS).join(',')).split(',');
const write = argv.includes('--write');
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

const nm = (p) => join(repo, 'node_modules', p);
/** Every contender's page: the same 800×700 box for the list, the page's script in it. */
const html = (page) => `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8" /><title>bench thread-view: ${page}</title>
    <style>html, body { margin: 0; height: 100%; } #root { width: 800px; height: 700px; display: flex; flex-direction: column; }</style>
  </head>
  <body><div id="root"></div><script type="module" src="./${page}.jsx"></script></body>
</html>
`;
async function buildPage(page, outDir) {
  const entry = join(here, 'pages', `${page}.html`);
  await writeFile(entry, html(page));
  try {
    await bundle(entry, outDir);
  } finally {
    await rm(entry);
  }
}
async function bundle(entry, outDir) {
  await build({
    root: join(here, 'pages'),
    logLevel: 'error',
    configFile: false,
    base: './',
    plugins: [react()],
    resolve: {
      // The kit from its sources (as a host's bundler would build it), one React for every page.
      alias: [
        { find: '@kit/components/styles.css', replacement: join(repo, 'packages/components/src/styles.css') },
        { find: '@kit/components', replacement: join(repo, 'packages/components/src/index.ts') },
        { find: '@kit/core', replacement: join(repo, 'packages/core/src/index.ts') },
        { find: /^react-dom(\/.*)?$/, replacement: `${nm('react-dom')}$1` },
        { find: /^react(\/.*)?$/, replacement: `${nm('react')}$1` },
      ],
    },
    define: { 'process.env.NODE_ENV': '"production"' },
    build: { outDir, emptyOutDir: true, rollupOptions: { input: entry }, reportCompressedSize: false },
  });
}

function serve(dirs) {
  const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };
  const server = createServer(async (req, res) => {
    const [, site, ...rest] = new URL(req.url, 'http://x').pathname.split('/');
    const file = rest.join('/') || `${site}.html`;
    try {
      const body = await readFile(join(dirs[site], file));
      res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');
const median = (xs) => {
  const s = xs.filter((x) => typeof x === 'number' && !Number.isNaN(x)).sort((a, b) => a - b);
  if (!s.length) return null;
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const work = await mkdtemp(join(tmpdir(), 'kit-bench-thread-'));
const pages = [...new Set(only.map((name) => CONTENDERS[name].page))];
const dirs = {};
for (const page of pages) {
  dirs[page] = join(work, page);
  await buildPage(page, dirs[page]);
}
const server = await serve(dirs);
const base = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
console.log(`# Chromium ${browser.version()}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, load at start ${load()}`);

async function measure(name, n) {
  const { page: pageName, query } = CONTENDERS[name];
  const context = await browser.newContext({ viewport: { width: 800, height: 700 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  const cdp = await context.newCDPSession(page);
  try {
    await page.goto(`${base}/${pageName}/?n=${n}${query ? `&${query}` : ''}`);
    await page.waitForFunction(() => window.__mountMs !== undefined, null, { timeout: 180_000, polling: 200 });
    await page.waitForTimeout(500); // let measuring passes settle
    const r = await page.evaluate(() => ({ mountMs: window.__mountMs, seedMs: window.__seedMs, nodes: document.getElementsByTagName('*').length }));
    await cdp.send('HeapProfiler.collectGarbage');
    r.heapMB = (await cdp.send('Runtime.getHeapUsage')).usedSize / 2 ** 20;
    r.smooth = await page.evaluate(() => window.__probes.scrollRun('smooth'));
    r.top = await page.evaluate(() => window.__probes.scrollRun('top'));
    await page.waitForTimeout(300);
    r.prepend = await page.evaluate(() => window.__probes.prependRun());
    r.errors = errors;
    return r;
  } finally {
    await context.close();
  }
}

const METRICS = [
  ['mount → newest visible (ms)', (r) => r.mountMs],
  ['kit: mount without seeding the store (ms)', (r) => (r.seedMs === undefined ? r.mountMs : r.mountMs - r.seedMs)],
  ['JS heap after GC (MB)', (r) => r.heapMB],
  ['DOM nodes', (r) => r.nodes],
  ['scroll 120 × 900 px: frame p95 (ms)', (r) => r.smooth.p95],
  ['scroll to top: frame p95 (ms)', (r) => r.top.p95],
  ['scroll 120 × 900 px: frame p50 (ms)', (r) => r.smooth.p50],
  ['prepend 50: max shift of the first visible message in any frame (px)', (r) => r.prepend.maxShift],
];

const results = [];
for (const n of sizes) {
  const names = only.filter((name) => !(CONTENDERS[name].maxSize < n));
  console.log(`\n## ${n.toLocaleString('en')} messages: ${names.join(', ')}`);
  for (let round = 0; round < rounds; round++) {
    const row = { n, round, load: loadavg()[0], by: {} };
    for (let k = 0; k < names.length; k++) {
      const name = names[(k + round) % names.length];
      const r = await measure(name, n);
      row.by[name] = r;
      console.log(JSON.stringify({ n, round, name, mountMs: Math.round(r.mountMs), seedMs: r.seedMs && Math.round(r.seedMs), heapMB: +r.heapMB.toFixed(1), nodes: r.nodes, smooth: [r.smooth.p50, r.smooth.p95].map((x) => +x.toFixed(1)), top: [r.top.p50, r.top.p95].map((x) => +x.toFixed(1)), prepend: r.prepend, errors: r.errors.slice(0, 2) }));
    }
    results.push(row);
  }
}
await browser.close();
server.close();
await rm(work, { recursive: true, force: true });

// Per size: each metric's median per contender, and the median (min–max) of the per-round ratio kit/peer.
const fmt = (x) => (x === null ? '–' : Math.abs(x) >= 100 ? x.toFixed(0) : x.toFixed(2));
const lines = [];
for (const n of sizes) {
  const rows = results.filter((r) => r.n === n);
  const names = Object.keys(rows[0].by);
  const peers = names.filter((x) => x !== 'kit');
  lines.push('', `**${n.toLocaleString('en')} messages** — ${rows.length} rounds, load (1 min) per round: ${rows.map((r) => r.load.toFixed(2)).join(', ')}`, '');
  lines.push(`| Metric | ${names.join(' | ')} | ${peers.map((p) => `kit / ${p}`).join(' | ')} |`);
  lines.push(`| --- | ${names.map(() => '---:').join(' | ')} | ${peers.map(() => '---:').join(' | ')} |`);
  for (const [label, pick] of METRICS) {
    const values = Object.fromEntries(names.map((name) => [name, rows.map((r) => pick(r.by[name]))]));
    const cells = names.map((name) => fmt(median(values[name])));
    const ratios = peers.map((peer) => {
      const rs = rows.map((_, i) => (values.kit[i] != null && values[peer][i] ? values.kit[i] / values[peer][i] : null)).filter((x) => x !== null);
      return rs.length ? `${fmt(median(rs))} (${fmt(Math.min(...rs))}–${fmt(Math.max(...rs))})` : '–';
    });
    lines.push(`| ${label} | ${cells.join(' | ')} | ${ratios.join(' | ')} |`);
  }
  const kept = names.map((name) => `${name} ${rows.filter((r) => r.by[name].prepend.sameFirst && r.by[name].prepend.maxShift === 0).length}/${rows.length}`);
  lines.push('', `Prepend of 50 older messages, first visible message kept with 0 px shift in every frame: ${kept.join(', ')}.`);
}
const summary = lines.join('\n');
console.log(summary);
console.log(`\nload at end: ${load()}`);
if (write) {
  const readme = join(here, 'README.md');
  const text = await readFile(readme, 'utf8');
  const stamp = `Command: \`node bench/thread-view/run.mjs --rounds ${rounds} --sizes ${sizes.join(',')}${option('--only') ? ` --only ${only.join(',')}` : ''} --write\` — ${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores (shared), Node ${process.version}. Medians; ratios are per round.`;
  await writeFile(readme, text.replace(/<!-- results:start -->[\s\S]*<!-- results:end -->/, `<!-- results:start -->\n${stamp}\n${summary}\n<!-- results:end -->`));
  console.log(`wrote ${readme}`);
}
