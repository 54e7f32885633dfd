// Give every relative import in the emitted declarations its file extension
// (`export * from './types'` → `'./types.js'`), as Node's ESM resolution (TypeScript's
// `moduleResolution: node16 / nodenext`) requires; without it a NodeNext host sees our types as `any`.
//
// Hand-written because tsc only keeps the specifiers of the sources (we write them without
// extensions, for the bundler), and tsc-alias only appends an extension when a `.js` file sits next
// to the declaration — ours is bundled by Vite into a few chunks, so there is none. The host
// integration suite runs `attw --pack` and a NodeNext `tsc` against the result.
//
//   node scripts/dts-extensions.ts <dist folder>
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const SPECIFIER = /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(['"])(\.{1,2}\/[^'"]*)\2/g;

/** The `.js` specifier a relative import of a declaration file must use under Node ESM resolution. */
export function withExtension(specifier: string, fromDir: string): string {
  if (/\.(js|mjs|cjs|json|css)$/.test(specifier)) return specifier;
  const target = resolve(fromDir, specifier);
  if (existsSync(`${target}.d.ts`)) return `${specifier}.js`;
  if (existsSync(join(target, 'index.d.ts'))) return `${specifier}/index.js`;
  throw new Error(`dts-extensions: cannot resolve "${specifier}" from ${fromDir}`);
}

export function rewriteDeclarations(dir: string): number {
  let changed = 0;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) changed += rewriteDeclarations(path);
    else if (name.endsWith('.d.ts')) {
      const text = readFileSync(path, 'utf8');
      const next = text.replace(SPECIFIER, (_m, lead: string, quote: string, spec: string) => `${lead}${quote}${withExtension(spec, dirname(path))}${quote}`);
      if (next !== text) {
        writeFileSync(path, next);
        changed++;
      }
    }
  }
  return changed;
}

if (import.meta.main) {
  const dir = process.argv[2];
  if (!dir) throw new Error('usage: node scripts/dts-extensions.ts <dist folder>');
  rewriteDeclarations(resolve(dir));
}
