// bench/proxy: the Express proxy side by side with bare peers (issue #14), interleaved in one run:
// round r runs every contender once, in an order rotated by r, and each ratio kit/peer is taken
// within a round (the machine is shared; ratios from one round are comparable, absolute figures
// are not). Every server is its own process on 127.0.0.1; autocannon and the SSE clients run here.
//
//   node bench/proxy/run.mjs [--quick] [--rounds N] [--duration S] [--clients C] [--events E]
//                            [--only webhook,sse,send,forward] [--build]
//   pnpm bench proxy [--quick]             (flags pass on; BENCH_PROXY_ARGS adds more)
//
// --quick: 3 rounds × 5 s runs and 20 SSE events (about 4 minutes); default: 5 rounds × 10 s, 100
// events. Needs the built packages (packages/*/dist): built here when missing or with --build.
import { existsSync, mkdtempSync, rmSync, statSync, readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { repo, start, stop, freePort, load, table, agent } from './lib.mjs';
import { webhook } from './webhook.mjs';
import { fanout } from './sse.mjs';
import { send } from './send.mjs';
import { forward } from './forward.mjs';

const argv = [...process.argv.slice(2), ...(process.env.BENCH_PROXY_ARGS ?? '').split(/\s+/).filter(Boolean)];
const opt = (k, d) => (argv.includes(k) ? argv[argv.indexOf(k) + 1] : d);
const quick = argv.includes('--quick');
const ctx = {
  rounds: Number(opt('--rounds', quick ? 3 : 5)),
  duration: Number(opt('--duration', quick ? 5 : 10)),
  clients: Number(opt('--clients', 1000)),
  events: Number(opt('--events', quick ? 20 : 100)),
  log: (s) => console.log(s),
};
const sections = { webhook, sse: fanout, send, forward };
const only = opt('--only', Object.keys(sections).join(',')).split(',');

// The kit runs from its build, as a host gets it. A build older than the sources measures old code.
const dist = join(repo, 'packages/proxy/dist/index.js');
const newest = (dir) => Math.max(...readdirSync(dir, { recursive: true }).map((f) => statSync(join(dir, f)).mtimeMs));
if (argv.includes('--build') || !existsSync(dist)) {
  console.log('# building @kit/proxy and its dependencies (pnpm --filter @kit/proxy... run build)');
  const b = spawnSync('pnpm', ['--filter', '@kit/proxy...', 'run', 'build'], { cwd: repo, stdio: 'inherit' });
  if (b.status !== 0) process.exit(b.status ?? 1);
} else if (newest(join(repo, 'packages/proxy/src')) > statSync(dist).mtimeMs) {
  console.log('# WARNING: packages/proxy/src is newer than its dist; pass --build to measure the current sources');
}

const started = new Date();
console.log(
  `# bench/proxy ${started.toISOString()} · node ${process.version} · ${cpus().length} × ${cpus()[0]?.model} · ${(totalmem() / 2 ** 30).toFixed(0)} GiB`,
);
console.log(
  `# rounds ${ctx.rounds}, duration ${ctx.duration} s, SSE ${ctx.clients} clients × ${ctx.events} events · load average ${load()}`,
);
const up = await freePort();
const upstream = await start('upstream.mjs', [up]);
const tmp = mkdtempSync(join(tmpdir(), 'bench-proxy-'));
const rows = [];
try {
  for (const name of only) {
    if (!sections[name]) throw new Error(`unknown section ${name}; known: ${Object.keys(sections).join(', ')}`);
    rows.push(...(await sections[name]({ ...ctx, up, tmp })));
    console.log(`# load average after ${name}: ${load()}`);
  }
} finally {
  agent.destroy();
  await stop(upstream);
  rmSync(tmp, { recursive: true, force: true });
}
console.log(
  `\n## bench/proxy — ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC, ${((Date.now() - started) / 60000).toFixed(1)} min, load average at the end ${load()}\n`,
);
console.log(table(rows));
