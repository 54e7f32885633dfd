// Row 5 of issue #14. Forwarded GET <mount>/graph/:accountId/{accountId}/conversations?platform=instagram
// (rateLimits.conversations raised, else the 2/s Conversations budget is what gets measured) vs
// bare http-proxy-middleware to the same trivial upstream, and the upstream directly (the ceiling).
// 50 connections; the servers live for the whole section, warmed once, rounds interleaved.
// One extra kit run with the default budget shows what a host gets without the override.
import { start, stop, freePort, cannon, rounds, row, ACCOUNT } from './lib.mjs';

const PATH = `/${ACCOUNT}/conversations?platform=instagram`;

export async function forward({ rounds: n, duration, up, log }) {
  const [hpmPort, kitPort, defPort] = [await freePort(), await freePort(), await freePort()];
  const servers = [
    await start('hpm.mjs', [hpmPort, up]),
    await start('kit.mjs', [kitPort, up, '--store', 'memory', '--conversations-limit', 1_000_000]),
  ];
  try {
    const targets = {
      direct: `http://127.0.0.1:${up}/v26.0${PATH}`,
      hpm: `http://127.0.0.1:${hpmPort}/graph/v26.0${PATH}`,
      kit: `http://127.0.0.1:${kitPort}/kit/graph/${ACCOUNT}${PATH}`,
    };
    for (const [k, u] of Object.entries(targets)) {
      const r = await fetch(u);
      if (r.status !== 200) throw new Error(`${k}: ${r.status} ${await r.text()}`);
      await r.text();
    }
    const def = await start('kit.mjs', [defPort, up, '--store', 'memory']);
    const d = await cannon({ url: `http://127.0.0.1:${defPort}/kit/graph/${ACCOUNT}${PATH}`, duration });
    await stop(def);
    log(`# forward, kit with the DEFAULT conversations budget (2/s per account): ${JSON.stringify(d)}`);

    for (const u of Object.values(targets)) await cannon({ url: u, duration: 2 }); // warm-up
    log(`# forward: ${n} rounds × ${Object.keys(targets).join(', ')}, 50 connections × ${duration} s`);
    const res = await rounds(n, Object.keys(targets), (k) => cannon({ url: targets[k], duration }), log);
    const label = 'forwarded GET /graph/:id/…/conversations';
    return [
      row(
        label,
        'throughput',
        'kit, budget raised',
        res.kit.map((r) => r.rps),
        'http-proxy-middleware',
        res.hpm.map((r) => r.rps),
        'req/s',
      ),
      row(
        label,
        'p99',
        'kit, budget raised',
        res.kit.map((r) => r.p99),
        'http-proxy-middleware',
        res.hpm.map((r) => r.p99),
        'ms',
      ),
      row(
        label,
        'throughput',
        'http-proxy-middleware',
        res.hpm.map((r) => r.rps),
        'upstream direct',
        res.direct.map((r) => r.rps),
        'req/s',
      ),
      {
        path: label,
        metric: 'throughput, one run',
        kitName: 'kit, default 2/s budget',
        kit: d.rps,
        peerName: '',
        peer: NaN,
        unit: 'req/s',
        ratio: NaN,
      },
    ];
  } finally {
    for (const s of servers) await stop(s);
  }
}
