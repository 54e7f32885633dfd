// Row 4 of issue #14. Send: POST <mount>/accounts/:id/messages (text, a distinct clientId each,
// to 1,000 customers in rotation) against the trivial upstream, 50 connections. The customers
// must have written first (an open window), so each fresh kit is seeded with one signed webhook
// of 1,000 messaging events. Kit with the default budget (text 100/s per account) and with
// rateLimits.text raised; peer: http-proxy-middleware forwarding the same POST.
import { start, stop, freePort, webhookBody, postWebhook, waitQuiet, cannon, rounds, row, ACCOUNT } from './lib.mjs';

const CUSTOMERS = 1000;
const customer = (n) => String(700000 + (n % CUSTOMERS));
const TEXT = 'Thanks, your order has shipped!';
let seq = 0;

/** Opens the customers' windows: one signed webhook in which each of them writes once. */
export async function seedCustomers(base) {
  const body = webhookBody({ count: CUSTOMERS, customer, mid: (i) => `seed-${base}-${i}`, at: Date.now() - 60_000 });
  const seeded = await postWebhook(`${base}/webhook`, body);
  if (seeded.status !== 200) throw new Error(`seed webhook answered ${seeded.status}`);
  await waitQuiet(base); // the 1,000 conversations exist once the event log stops growing
}

/** autocannon's request list for the kit's send route; counts answers by status in `tally`. */
export const sendRequests = (tally = { sent: 0, queued: 0 }) => [
  {
    method: 'POST',
    setupRequest: (req) => {
      const n = ++seq;
      return {
        ...req,
        headers: { 'content-type': 'application/json', 'x-kit-request': '1' },
        body: JSON.stringify({ to: customer(n), clientId: `bench-${n}`, text: TEXT }),
      };
    },
    // "sent" within the route's wait, or "queued" (answered before the upstream call).
    onResponse: (status, resBody) =>
      resBody.includes('"status":"sent"') ? tally.sent++ : resBody.includes('"status":"queued"') && tally.queued++,
  },
];

async function kitRun(up, duration, extra) {
  const port = await freePort();
  const srv = await start('kit.mjs', [port, up, '--store', 'memory', ...extra]);
  const base = `http://127.0.0.1:${port}/kit`;
  try {
    await seedCustomers(base);
    const tally = { sent: 0, queued: 0 };
    const r = await cannon({ url: `${base}/accounts/${ACCOUNT}/messages`, duration, requests: sendRequests(tally) });
    return { ...r, ...tally };
  } finally {
    await stop(srv);
  }
}

async function hpmRun(up, duration) {
  const port = await freePort();
  const srv = await start('hpm.mjs', [port, up]);
  try {
    return await cannon({
      url: `http://127.0.0.1:${port}/graph/v26.0/${ACCOUNT}/messages`,
      duration,
      requests: [
        {
          method: 'POST',
          setupRequest: (req) => {
            const n = ++seq;
            return {
              ...req,
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ recipient: { id: customer(n) }, message: { text: TEXT } }),
            };
          },
        },
      ],
    });
  } finally {
    await stop(srv);
  }
}

export async function send({ rounds: n, duration, up, log }) {
  const variants = {
    'kit-default': () => kitRun(up, duration, []),
    'kit-raised': () => kitRun(up, duration, ['--text-limit', 1_000_000]),
    hpm: () => hpmRun(up, duration),
  };
  log(`# send: ${n} rounds × ${Object.keys(variants).join(', ')}, 50 connections × ${duration} s`);
  const res = await rounds(n, Object.keys(variants), (k) => variants[k](), log);
  const label = 'send POST → sent, 1 account, 1,000 customers';
  return [
    row(
      label,
      'throughput',
      'kit, default 100/s',
      res['kit-default'].map((r) => r.rps),
      'http-proxy-middleware',
      res.hpm.map((r) => r.rps),
      'req/s',
    ),
    row(
      label,
      'throughput',
      'kit, text limit raised',
      res['kit-raised'].map((r) => r.rps),
      'http-proxy-middleware',
      res.hpm.map((r) => r.rps),
      'req/s',
    ),
    row(
      label,
      'p99',
      'kit, text limit raised',
      res['kit-raised'].map((r) => r.p99),
      'http-proxy-middleware',
      res.hpm.map((r) => r.p99),
      'ms',
    ),
  ];
}
