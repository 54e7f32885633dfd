import { build } from 'vite';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
const root = '/work/wt/saved';
const dir = mkdtempSync(join(tmpdir(), 'kit-dump-'));
const src = join(root, 'packages/components/src');
const entry = join(dir, 'entry.js');
writeFileSync(entry, `export { Inbox, KitProvider } from ${JSON.stringify(join(src, 'index.ts'))};\n`);
const result = await build({ configFile: false, logLevel: 'silent', mode: 'production', define: { 'process.env.NODE_ENV': '"production"' }, oxc: { jsx: { runtime: 'automatic', development: false } }, root: join(root, 'packages/components'), resolve: { conditions: ['source'] },
  build: { write: false, minify: true, target: 'es2023', lib: { entry, formats: ['es'], fileName: () => 'kit.js' }, rolldownOptions: { external: [/^react($|\/)/, /^react-dom($|\/)/], onLog(l, log, h) { if (log.code === 'MODULE_LEVEL_DIRECTIVE') return; h(l, log); } } } });
const out = (Array.isArray(result) ? result : [result]).flatMap((r) => r.output);
const which = process.argv[2];
for (const o of out) if (o.type === 'chunk' && (o.name === which || o.fileName === which)) console.log(o.code);
for (const o of out) if (o.type === 'chunk') console.error(o.name, o.fileName, o.code.length);
