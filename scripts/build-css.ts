// A package's stylesheet as hosts get it: CSS nesting flattened (`.kit-root { .kit-x {} }` →
// `.kit-root .kit-x {}`) for browsers and CSS tool chains that predate nesting, everything else as
// written. The source keeps nesting so every component rule is scoped under .kit-root by
// construction.
//
//   node scripts/build-css.ts <source.css> <out.css>
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { transform } from 'lightningcss';

// The oldest browsers the kit supports (container queries and :has are needed anyway).
const targets = { chrome: 105 << 16, safari: 16 << 16, firefox: 121 << 16 };

const [from, to] = process.argv.slice(2);
if (!from || !to) throw new Error('usage: node scripts/build-css.ts <source.css> <out.css>');
const { code } = transform({ filename: from, code: readFileSync(resolve(from)), targets, minify: false });
mkdirSync(dirname(resolve(to)), { recursive: true });
writeFileSync(resolve(to), code);
