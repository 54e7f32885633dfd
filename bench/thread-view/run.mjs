// bench/thread-view: mounts <ThreadView> with 10,000 and 100,000 messages in Debian's Chromium
// and reports the time until the newest message is visible, the DOM node count, and frame times
// while scrolling up through the thread. Also reports the gzip JS weight the kit's list + thread
// add over a React-only page. Production build (Vite JS API), served from 127.0.0.1.
//
//   node bench/thread-view/run.mjs [--runs 5] [--write]
//
// --write replaces the results table in bench/thread-view/README.md.
import { createServer } from 'node:http';
import { readFile, readdir, writeFile, mkdtemp, rm } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { tmpdir, cpus, totalmem } from 'node:os';
import { join, dirname, extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import react from '@vitejs/plugin-react';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..', '..');
const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1] || 5) || 5;
const write = args.includes('--write');

const alias = {
  '@kit/components/styles.css': join(repo, 'packages/components/src/styles.css'),
  '@kit/components': join(repo, 'packages/components/src/index.ts'),
  '@kit/core': join(repo, 'packages/core/src/index.ts'),
};

async function buildPage(entryHtml, outDir) {
  await build({
    root: join(here, 'page'),
    logLevel: 'warn',
    configFile: false,
    plugins: [react()],
    resolve: { alias, conditions: ['source', 'import', 'module', 'browser', 'default'] },
    define: { 'process.env.NODE_ENV': '"production"' },
    build: { outDir, emptyOutDir: true, rollupOptions: { input: entryHtml }, reportCompressedSize: false },
  });
}

async function gzipJs(dir) {
  let total = 0;
  const walk = async (d) => {
    for (const e of await readdir(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else if (p.endsWith('.js')) total += gzipSync(await readFile(p), { level: 9 }).length;
    }
  };
  await walk(dir);
  return total;
}

function serve(dir) {
  const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };
  const server = createServer(async (req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    try {
      const body = await readFile(join(dir, path === '/' ? 'index.html' : path));
      res.writeHead(200, { 'content-type': types[extname(path)] ?? 'text/html' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (ms) => `${ms.toFixed(0)} ms`;

const work = await mkdtemp(join(tmpdir(), 'kit-bench-thread-'));
try {
  // 1. Size: React-only page vs React + provider/list/thread.
  const sizes = {};
  for (const name of ['size-baseline', 'size-kit']) {
    const html = join(here, 'page', `${name}.html`);
    await writeFile(html, `<!doctype html><div id="app"></div><script type="module" src="./${name}.tsx"></script>\n`);
    try {
      await buildPage(html, join(work, name));
    } finally {
      await rm(html);
    }
    sizes[name] = await gzipJs(join(work, name));
  }
  const kitKb = (sizes['size-kit'] - sizes['size-baseline']) / 1024;

  // 2. Speed: the benchmark page.
  await buildPage(join(here, 'page', 'index.html'), join(work, 'page'));
  const server = await serve(join(work, 'page'));
  const base = `http://127.0.0.1:${server.address().port}/`;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic', '--disable-dev-shm-usage'],
  });
  const chromiumVersion = browser.version();
  const results = [];
  try {
    for (const n of [10_000, 100_000]) {
      const samples = [];
      for (let i = 0; i < runs; i++) {
        const page = await browser.newPage({ viewport: { width: 800, height: 800 } });
        await page.goto(`${base}?n=${n}`);
        await page.waitForFunction(() => window.__bench, null, { timeout: 60_000 });
        const r = await page.evaluate(() => window.__bench);
        r.scroll = await page.evaluate(() => window.__scroll());
        samples.push(r);
        await page.close();
      }
      const pick = (f) => median(samples.map(f));
      const row = {
        n,
        seedMs: pick((s) => s.seedMs),
        mountToVisibleMs: pick((s) => s.mountToVisibleMs),
        totalMs: pick((s) => s.totalMs),
        domNodes: pick((s) => s.domNodes),
        renderedRows: pick((s) => s.renderedRows),
        scrollMedianMs: pick((s) => s.scroll.medianMs),
        scrollP95Ms: pick((s) => s.scroll.p95Ms),
        scrollMaxRows: Math.max(...samples.map((s) => s.scroll.maxRows)),
        allVisible: samples.every((s) => s.stillVisible === 1),
        frames: pick((s) => s.frames),
        firstRowsMs: pick((s) => s.firstRowsMs),
        commitMs: pick((s) => s.commitMs),
      };
      results.push(row);
      console.log(JSON.stringify(row));
    }
  } finally {
    await browser.close();
    server.close();
  }

  const version = (await readFile('/proc/version', 'utf8').catch(() => '')).split(' ')[2] ?? '';
  const table = [
    `Command: \`node bench/thread-view/run.mjs --runs ${runs} --write\` — ${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, Chromium ${chromiumVersion} (headless, --disable-gpu), Linux ${version}. Medians of ${runs} page loads; viewport 420×720 px.`,
    '',
    '| Messages | Seed store | React commit | Mount → newest visible | Total (seed → visible) | DOM nodes (page) | Rows rendered | Scroll frame median / p95 (120 frames, 900 px/frame) | Max rows while scrolling |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...results.map(
      (r) =>
        `| ${r.n.toLocaleString('en')} | ${fmt(r.seedMs)} | ${fmt(r.commitMs)} | ${fmt(r.mountToVisibleMs)} | ${fmt(r.totalMs)} | ${r.domNodes} | ${r.renderedRows} | ${r.scrollMedianMs.toFixed(1)} / ${r.scrollP95Ms.toFixed(1)} ms | ${r.scrollMaxRows} |`,
    ),
    '',
    `JS weight of \`KitProvider\` + \`ConversationList\` + \`ThreadView\` (with zustand, TanStack Virtual, Radix Dialog, @kit/core parts) over a React-only page: **${kitKb.toFixed(1)} KB gzip** (level 9; ${(sizes['size-kit'] / 1024).toFixed(1)} KB vs ${(sizes['size-baseline'] / 1024).toFixed(1)} KB).`,
  ].join('\n');
  console.log(`\n${table}`);
  if (write) {
    const readme = join(here, 'README.md');
    const text = await readFile(readme, 'utf8');
    const start = '<!-- results:start -->';
    const end = '<!-- results:end -->';
    const next = text.replace(new RegExp(`${start}[\\s\\S]*${end}`), `${start}\n${table}\n${end}`);
    await writeFile(readme, next);
    console.log(`\nwrote ${readme}`);
  }
} finally {
  await rm(work, { recursive: true, force: true });
}
