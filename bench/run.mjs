// Runs every benchmark under bench/ that has a run.mjs, in order, and prints where results go.
import { readdirSync, existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv[2];
const benches = readdirSync(here, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(here, d.name, 'run.mjs')))
  .map((d) => d.name)
  .filter((name) => !only || name === only);

if (benches.length === 0) {
  console.log('bench: no benchmarks yet (add bench/<name>/run.mjs).');
  process.exit(0);
}
for (const name of benches) {
  console.log(`\n== bench/${name}`);
  // Flags after the name go to that benchmark: `pnpm bench proxy --quick`.
  const r = spawnSync(process.execPath, [join(here, name, 'run.mjs'), ...(only ? process.argv.slice(3) : [])], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
