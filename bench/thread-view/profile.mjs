// Profile one contender page of bench/thread-view in Chromium over CDP: a CPU profile of the mount
// (from navigation to the newest message visible, seeding included), one of the 120 × 900 px
// scroll run, and a heap snapshot after GC summarized by constructor. Writes the .cpuprofile and
// .heapsnapshot files (open them in Chrome DevTools) and prints the top self-time functions and
// the top retained kinds of objects.
//
//   node bench/thread-view/profile.mjs [--page kit] [--n 100000] [--out /tmp/thread-profile] [--query data=kit]
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import react from '@vitejs/plugin-react';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..', '..');
const argv = process.argv.slice(2);
const option = (name, fallback) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : fallback);
const pageName = option('--page', 'kit');
const n = Number(option('--n', 100_000));
const out = option('--out', join(tmpdir(), 'thread-profile'));
const query = option('--query', '');
const nm = (p) => join(repo, 'node_modules', p);

const work = await mkdtemp(join(tmpdir(), 'kit-profile-'));
const entry = join(here, 'pages', `${pageName}.html`);
await writeFile(entry, `<!doctype html><html lang="en"><head><meta charset="utf-8" /><style>html, body { margin: 0; height: 100%; } #root { width: 800px; height: 700px; display: flex; flex-direction: column; }</style></head><body><div id="root"></div><script type="module" src="./${pageName}.jsx"></script></body></html>`);
try {
  await build({
    root: join(here, 'pages'),
    logLevel: 'error',
    configFile: false,
    base: './',
    plugins: [react()],
    resolve: {
      alias: [
        { find: '@kit/components/styles.css', replacement: join(repo, 'packages/components/src/styles.css') },
        { find: '@kit/components', replacement: join(repo, 'packages/components/src/index.ts') },
        { find: '@kit/core', replacement: join(repo, 'packages/core/src/index.ts') },
        { find: /^react-dom(\/.*)?$/, replacement: `${nm('react-dom')}$1` },
        { find: /^react(\/.*)?$/, replacement: `${nm('react')}$1` },
      ],
    },
    define: { 'process.env.NODE_ENV': '"production"' },
    // Readable names in the profile.
    build: { outDir: work, emptyOutDir: true, minify: false, rollupOptions: { input: entry }, reportCompressedSize: false },
  });
} finally {
  await rm(entry);
}
const server = createServer(async (req, res) => {
  const file = new URL(req.url, 'http://x').pathname.slice(1) || `${pageName}.html`;
  try {
    const body = await readFile(join(work, file));
    res.writeHead(200, { 'content-type': { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' }[extname(file)] ?? 'application/octet-stream' }).end(body);
  } catch {
    res.writeHead(404).end();
  }
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const context = await browser.newContext({ viewport: { width: 800, height: 700 } });
const page = await context.newPage();
const cdp = await context.newCDPSession(page);
await mkdir(out, { recursive: true });

/** Top functions by self time. */
function top(profile, count = 25) {
  const self = new Map();
  const dt = profile.timeDeltas;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const time = new Map();
  profile.samples.forEach((id, i) => time.set(id, (time.get(id) ?? 0) + (dt[i] ?? 0) / 1000));
  for (const [id, ms] of time) {
    const { functionName, url, lineNumber } = byId.get(id).callFrame;
    const key = `${functionName || '(anonymous)'} ${url.split('/').pop()}:${lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + ms);
  }
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  return [`total ${total.toFixed(0)} ms`, ...[...self].sort((a, b) => b[1] - a[1]).slice(0, count).map(([k, ms]) => `${ms.toFixed(1).padStart(8)} ms  ${k}`)].join('\n');
}

await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
await cdp.send('Profiler.start');
await page.goto(`http://127.0.0.1:${server.address().port}/?n=${n}${query ? `&${query}` : ''}`);
await page.waitForFunction(() => window.__mountMs !== undefined, null, { timeout: 180_000, polling: 100 });
const mount = (await cdp.send('Profiler.stop')).profile;
const times = await page.evaluate(() => ({ mountMs: window.__mountMs, seedMs: window.__seedMs }));
await writeFile(join(out, `${pageName}-mount.cpuprofile`), JSON.stringify(mount));
console.log(`# mount ${JSON.stringify(times)}\n${top(mount)}`);

await page.waitForTimeout(500);
await cdp.send('Profiler.start');
const smooth = await page.evaluate(() => window.__probes.scrollRun('smooth'));
const scroll = (await cdp.send('Profiler.stop')).profile;
await writeFile(join(out, `${pageName}-scroll.cpuprofile`), JSON.stringify(scroll));
console.log(`\n# scroll ${JSON.stringify(smooth)}\n${top(scroll)}`);

// The same scroll run traced: where the browser's own time goes (style, layout, paint) and how much
// of the tree each style recalc and layout touched.
const events = [];
cdp.on('Tracing.dataCollected', ({ value }) => events.push(...value));
const traced = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
await cdp.send('Tracing.start', { categories: 'devtools.timeline,blink,disabled-by-default-devtools.timeline.stack', transferMode: 'ReportEvents' });
await page.evaluate(() => window.__probes.scrollRun('smooth'));
await cdp.send('Tracing.end');
await traced;
const main = events.filter((e) => e.ph === 'X' && e.dur);
const kinds = new Map();
for (const e of main) {
  const k = kinds.get(e.name) ?? { ms: 0, count: 0, args: {} };
  k.ms += e.dur / 1000;
  k.count++;
  for (const [key, value] of Object.entries({ ...e.args?.beginData, ...e.args?.endData, ...e.args?.data })) if (typeof value === 'number') k.args[key] = (k.args[key] ?? 0) + value;
  kinds.set(e.name, k);
}
// Who forced each layout and style recalc (the JS frame on top of the stack), per frame.
const forced = new Map();
for (const e of main) {
  if (e.name !== 'Layout' && e.name !== 'UpdateLayoutTree') continue;
  const stack = (e.args?.beginData?.stackTrace ?? e.args?.data?.stackTrace ?? []).slice(0, 3);
  const key = `${e.name} ← ${stack.length ? stack.map((f) => `${f.functionName || '(anonymous)'}:${f.lineNumber}`).join(' ← ') : '(lifecycle)'}`;
  const k = forced.get(key) ?? { count: 0, ms: 0 };
  k.count++;
  k.ms += e.dur / 1000;
  forced.set(key, k);
}
console.log('\n# scroll: layouts and style recalcs by caller (count, total ms)');
for (const [key, k] of [...forced].sort((a, b) => b[1].ms - a[1].ms).slice(0, 12)) console.log(`${String(k.count).padStart(6)} ${k.ms.toFixed(1).padStart(8)} ms  ${key}`);
console.log('\n# scroll trace (events, total ms, mean numeric args)');
for (const [name, k] of [...kinds].sort((a, b) => b[1].ms - a[1].ms).slice(0, 40)) {
  const args = Object.entries(k.args).map(([key, v]) => `${key}=${Math.round(v / k.count)}`).join(' ');
  console.log(`${k.ms.toFixed(1).padStart(9)} ms ${String(k.count).padStart(6)}  ${name} ${args.slice(0, 120)}`);
}

// Heap: after GC, by constructor (self size), from a snapshot.
await cdp.send('HeapProfiler.collectGarbage');
const used = (await cdp.send('Runtime.getHeapUsage')).usedSize;
const chunks = [];
cdp.on('HeapProfiler.addHeapSnapshotChunk', ({ chunk }) => chunks.push(chunk));
await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
const text = chunks.join('');
await writeFile(join(out, `${pageName}.heapsnapshot`), text);
const snap = JSON.parse(text);
const { node_fields: fields, node_types: [types] } = snap.snapshot.meta;
const F = fields.length;
const [iType, iName, iSize] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f));
const objects = new Map();
for (let i = 0; i < snap.nodes.length; i += F) {
  const type = types[snap.nodes[i + iType]];
  const name = type === 'object' || type === 'native' || type === 'closure' ? snap.strings[snap.nodes[i + iName]] : `(${type})`;
  const k = objects.get(name) ?? { count: 0, size: 0 };
  k.count++;
  k.size += snap.nodes[i + iSize];
  objects.set(name, k);
}
console.log(`\n# heap used ${(used / 2 ** 20).toFixed(2)} MB; by constructor (self size):`);
for (const [name, k] of [...objects].sort((a, b) => b[1].size - a[1].size).slice(0, 25)) console.log(`${(k.size / 2 ** 20).toFixed(2).padStart(8)} MB ${String(k.count).padStart(9)}  ${name.slice(0, 80)}`);

await browser.close();
server.close();
// The unminified bundle, to read the profiles' line numbers against.
await cp(join(work, 'assets'), join(out, 'assets'), { recursive: true });
await rm(work, { recursive: true, force: true });
console.log(`\nwrote ${out}`);
