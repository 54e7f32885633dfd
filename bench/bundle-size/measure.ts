// What a host app pays for the kit: a page that renders <KitProvider><Inbox /></KitProvider>
// (which uses every part: list, thread, composer, picker, reactions, banners, with @kit/core,
// zustand and Radix Dialog) bundled, code-split and minified the way an
// app bundler would, with React and ReactDOM left out because the host already ships them.
// `{ exports: 'all' }` keeps every export of the package alive instead (a host that uses all of
// the headless hooks and parts directly), for comparison.
//
// The kit loads some parts on demand (dynamic import): the Radix dialogs (image lightbox, media
// picker) and the Italian / German catalogs. So the numbers come in two kinds:
//   - initial: the entry chunk and every chunk it imports statically — what the browser must fetch
//     before <Inbox> can mount in English. This is what the budget holds. (The Inbox's
//     conversation pane — thread, composer, banners — is a chunk of its own that
//     the Inbox starts fetching on mount, in parallel with the conversation list request.)
//   - on demand: each chunk reached only through a dynamic import, with its gzip size and what is
//     in it, fetched when a dialog first opens (or its trigger is pointed at) or a locale is asked for.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';
import type { Rolldown } from 'vite';

/**
 * gzip bytes: what <Inbox> needs to mount (`jsGzip`), that plus the conversation pane chunk — what
 * a host has loaded once a conversation is open (`openJsGzip`) — and the CSS.
 */
// CSS: 6 KB until wave 2 added five views (comments, search, saved replies, quick replies and
// cards, routing) to the one stylesheet; 7 KB since (6.5 KB measured then).
export const BUDGET = { jsGzip: 20 * 1024, openJsGzip: 40 * 1024, cssGzip: 7 * 1024 };

export interface ChunkSize {
  /** Output file name (content-hashed). */
  file: string;
  /** Rolldown's chunk name: the module it was split at (MediaPickerDialog, Lightbox, it, de) or a shared part. */
  name: string;
  bytes: number;
  gzip: number;
  /** Where the chunk's bytes come from, biggest first: package name or kit source path → rendered bytes. */
  contents: { from: string; bytes: number }[];
}

export interface KitBundle {
  /** Loaded before the kit can render: the entry and its static imports. */
  initial: { jsBytes: number; jsGzip: number; chunks: ChunkSize[] };
  /** Fetched later, each on its own. */
  onDemand: ChunkSize[];
  css: { bytes: number; gzip: number };
}

const root = resolve(import.meta.dirname, '..', '..');
const gz = (code: string | Uint8Array) => gzipSync(code, { level: 9 }).length;

/** A module id → the npm package it belongs to, or its path in the repo. */
function origin(id: string): string {
  const nm = id.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const rest = id.slice(nm + '/node_modules/'.length).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  return relative(root, id.replace(/\?.*$/, ''));
}

function chunkSize(chunk: Rolldown.OutputChunk): ChunkSize {
  const by = new Map<string, number>();
  for (const [id, m] of Object.entries(chunk.modules)) by.set(origin(id), (by.get(origin(id)) ?? 0) + m.renderedLength);
  const contents = [...by].map(([from, bytes]) => ({ from, bytes })).filter((c) => c.bytes > 0).sort((a, b) => b.bytes - a.bytes);
  return { file: chunk.fileName, name: chunk.name, bytes: Buffer.byteLength(chunk.code), gzip: gz(chunk.code), contents };
}

export interface MeasureOptions {
  /** `inbox` (default): what <Inbox> in <KitProvider> needs; `all`: every export kept. */
  exports?: 'inbox' | 'all';
}

export async function measureKitBundle(opts: MeasureOptions = {}): Promise<KitBundle> {
  const dir = mkdtempSync(join(tmpdir(), 'kit-size-'));
  try {
    const entry = join(dir, 'entry.js');
    // Through the package's index, as a host imports it; `export *` keeps every export alive.
    const src = join(root, 'packages/components/src');
    const index = JSON.stringify(join(src, 'index.ts'));
    const what = opts.exports === 'all' ? `export * from ${index};` : `export { Inbox, KitProvider } from ${index};`;
    writeFileSync(entry, `${what}\nimport ${JSON.stringify(join(src, 'styles.css'))};\n`);
    const result = await build({
      configFile: false,
      logLevel: 'silent',
      // What a host ships: production JSX and React paths, whatever NODE_ENV the caller runs under
      // (Vitest sets it to 'test', which would measure the development JSX runtime).
      mode: 'production',
      define: { 'process.env.NODE_ENV': JSON.stringify('production') },
      oxc: { jsx: { runtime: 'automatic', development: false } },
      root: join(root, 'packages/components'),
      resolve: { conditions: ['source'] },
      build: {
        write: false,
        minify: true,
        cssMinify: true,
        target: 'es2023',
        lib: { entry, formats: ['es'], fileName: () => 'kit.js', cssFileName: 'kit' },
        rolldownOptions: {
          external: [/^react($|\/)/, /^react-dom($|\/)/],
          onLog(level, log, handler) {
            if (log.code === 'MODULE_LEVEL_DIRECTIVE') return; // 'use client' per module
            handler(level, log);
          },
        },
      },
    });
    const output = (Array.isArray(result) ? result : [result]).flatMap((r) => ('output' in r ? r.output : []));
    const chunks = new Map<string, Rolldown.OutputChunk>();
    let css = '';
    for (const o of output) {
      if (o.type === 'chunk') chunks.set(o.fileName, o);
      else if (o.fileName.endsWith('.css')) css += typeof o.source === 'string' ? o.source : Buffer.from(o.source).toString('utf8');
    }
    // Initial = the entry plus everything reachable through static imports.
    const initial = new Set<string>();
    const visit = (file: string) => {
      if (initial.has(file) || !chunks.has(file)) return;
      initial.add(file);
      for (const dep of chunks.get(file)!.imports) visit(dep);
    };
    for (const c of chunks.values()) if (c.isEntry) visit(c.fileName);
    const initialChunks = [...initial].map((f) => chunkSize(chunks.get(f)!));
    const onDemand = [...chunks.values()]
      .filter((c) => !initial.has(c.fileName))
      .map(chunkSize)
      .sort((a, b) => b.gzip - a.gzip);
    return {
      initial: {
        jsBytes: initialChunks.reduce((n, c) => n + c.bytes, 0),
        // Each chunk is its own response, compressed on its own.
        jsGzip: initialChunks.reduce((n, c) => n + c.gzip, 0),
        chunks: initialChunks,
      },
      onDemand,
      css: { bytes: Buffer.byteLength(css), gzip: gz(css) },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
