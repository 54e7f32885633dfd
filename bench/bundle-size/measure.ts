// What a host app pays for the kit: every export of @kit/components (which pulls in @kit/core,
// zustand, @tanstack/react-virtual and Radix Dialog) bundled and minified the way an app bundler
// would, with React and ReactDOM left out because the host already ships them.
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';

export const BUDGET = { jsGzip: 35 * 1024, cssGzip: 6 * 1024 };

export interface BundleSize {
  jsBytes: number;
  jsGzip: number;
  cssBytes: number;
  cssGzip: number;
}

const root = resolve(import.meta.dirname, '..', '..');

export async function measureKitBundle(): Promise<BundleSize> {
  const dir = mkdtempSync(join(tmpdir(), 'kit-size-'));
  try {
    const entry = join(dir, 'entry.js');
    // `export *` keeps every export alive, so tree-shaking cannot flatter the number.
    const src = join(root, 'packages/components/src');
    writeFileSync(entry, `export * from ${JSON.stringify(join(src, 'index.ts'))};\nimport ${JSON.stringify(join(src, 'styles.css'))};\n`);
    await build({
      configFile: false,
      logLevel: 'silent',
      root: join(root, 'packages/components'),
      resolve: { conditions: ['source'] },
      build: {
        outDir: join(dir, 'out'),
        write: true,
        minify: true,
        cssMinify: true,
        target: 'es2023',
        lib: { entry, formats: ['es'], fileName: () => 'kit.js', cssFileName: 'kit' },
        rolldownOptions: { external: [/^react($|\/)/, /^react-dom($|\/)/] },
      },
    });
    const out = join(dir, 'out');
    const files = readdirSync(out);
    const read = (ext: string) => Buffer.concat(files.filter((f) => f.endsWith(ext)).map((f) => readFileSync(join(out, f))));
    const js = read('.js');
    const css = read('.css');
    return { jsBytes: js.length, jsGzip: gzipSync(js, { level: 9 }).length, cssBytes: css.length, cssGzip: gzipSync(css, { level: 9 }).length };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
