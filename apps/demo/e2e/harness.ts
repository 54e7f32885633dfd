/**
 * End-to-end harness: the demo server started in-process with startDemo (sandbox mode, a fresh
 * data directory, a free port), the web app built once per test file with Vite's JS API, and
 * Debian's Chromium driven by playwright-core. Tests act on the page like a user and check the
 * other side through the sandbox's inspection API (what "Instagram" received).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { build } from 'vite';
import { startDemo, type Demo } from '../server/app';
import { chromiumArgs, chromiumPath } from '../../../scripts/chromium.ts';

export const demoRoot = fileURLToPath(new URL('..', import.meta.url));
/** Screenshots and other artefacts (gitignored). */
export const resultsDir = join(demoRoot, 'test-results');

/** Build the web app into a temporary directory (no dist/ left behind, nothing shared between runs). */
export async function buildWebApp(outDir: string): Promise<void> {
  await build({
    root: demoRoot,
    configFile: join(demoRoot, 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true, reportCompressedSize: false },
  });
}

export interface E2E {
  demo: Demo;
  browser: Browser;
  /** Uncaught errors, console errors and HTTP errors of every page opened since the last call (a test expects none). */
  takePageErrors(): string[];
  /** Open a fresh browser context on the demo; closed by close(). */
  open(path?: string, viewport?: { width: number; height: number }): Promise<Page>;
  close(): Promise<void>;
}

export async function startE2E(): Promise<E2E> {
  // The kit logs every webhook at info; the test output wants warnings and errors only.
  process.env.KIT_LOG_LEVEL ??= 'warn';
  const work = mkdtempSync(join(tmpdir(), 'kit-demo-e2e-'));
  const webDir = join(work, 'web');
  await buildWebApp(webDir);
  // env: {} — sandbox mode whatever META_* variables this machine has.
  const demo = await startDemo({ port: 0, dataDir: join(work, 'data'), webDir, env: {} });
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  return {
    demo,
    browser,
    takePageErrors: () => pageErrors.splice(0),
    async open(path = '/', viewport = { width: 1400, height: 900 }) {
      const context = await browser.newContext({ viewport, locale: 'en-US', timezoneId: 'Europe/Rome' });
      contexts.push(context);
      // Generous for a 2-core machine running other suites at the same time; a pass never waits it out.
      context.setDefaultTimeout(15_000);
      const page = await context.newPage();
      page.on('pageerror', (err) => pageErrors.push(`pageerror: ${err.message}`));
      page.on('response', (res) => {
        if (res.status() < 400) return;
        void res.text().then(
          (body) => pageErrors.push(`HTTP ${res.status()} ${res.request().method()} ${new URL(res.url()).pathname}: ${body.slice(0, 300)}`),
          () => pageErrors.push(`HTTP ${res.status()} ${res.request().method()} ${new URL(res.url()).pathname}`),
        );
      });
      page.on('console', (msg) => {
        if (msg.type() === 'error') pageErrors.push(`console.error: ${msg.text()}`);
      });
      await page.goto(`${demo.url}${path}`);
      return page;
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => {});
      await browser.close().catch(() => {});
      await demo.close();
      rmSync(work, { recursive: true, force: true });
    },
  };
}

export function screenshotPath(name: string): string {
  mkdirSync(resultsDir, { recursive: true });
  return join(resultsDir, name);
}
