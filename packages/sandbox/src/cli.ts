#!/usr/bin/env node
/**
 * kit-sandbox — run the Graph API sandbox on its own port.
 *
 *   kit-sandbox --port 4000 --webhook-url http://127.0.0.1:3000/kit/webhook --seed demo
 *
 * Prints what it serves: base URLs for both flavors, accounts and their SANDBOX-ONLY fake tokens
 * (they work nowhere but here), the webhook target and the control API.
 */

import { parseArgs } from 'node:util';
import { GRAPH_API_VERSION } from '@kit/core';
import { createGraphSandbox } from './sandbox';
import { seedDemo } from './seed';
import type { SandboxAccountOptions } from './types';

const HELP = `kit-sandbox — a local Instagram Graph API emulator

Options:
  --port <n>            port to listen on (default 4000; 0 = any free port)
  --host <addr>         address to bind (default 127.0.0.1)
  --webhook-url <url>   where to deliver webhooks (e.g. http://127.0.0.1:3000/kit/webhook)
  --verify-token <s>    webhook verify token (default sandbox-verify-token)
  --app-secret <s>      app secret for signatures and appsecret_proof (default sandbox-app-secret)
  --seed <name>         "demo" seeds realistic conversations
  --fault-seed <s>      seed for fault dice (default 1)
  --help                show this help
`;

function main(): void {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '4000' },
      host: { type: 'string', default: '127.0.0.1' },
      'webhook-url': { type: 'string' },
      'verify-token': { type: 'string', default: 'sandbox-verify-token' },
      'app-secret': { type: 'string', default: 'sandbox-app-secret' },
      seed: { type: 'string' },
      'fault-seed': { type: 'string', default: '1' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`--port must be a port number (0–65535), got ${values.port}`);
    process.exit(2);
  }
  if (values.seed !== undefined && values.seed !== 'demo') {
    console.error(`--seed: only "demo" is known, got ${values.seed}`);
    process.exit(2);
  }
  const webhookUrl = values['webhook-url'];
  if (webhookUrl !== undefined) {
    try {
      new URL(webhookUrl);
    } catch {
      console.error(`--webhook-url must be an absolute URL such as http://127.0.0.1:3000/kit/webhook, got ${webhookUrl}`);
      process.exit(2);
    }
  }
  const accounts: SandboxAccountOptions[] = [
    { id: '1100000000000001', flavor: 'page', token: 'EAA-sandbox-page-token-1', igUserId: '17841400000000001', name: 'Sandbox Shop', username: 'sandbox.shop' },
    { id: '17841400000000002', flavor: 'instagram', token: 'IGAA-sandbox-ig-token-2', name: 'Sandbox Studio', username: 'sandbox.studio' },
  ];
  const sandbox = createGraphSandbox({
    accounts,
    appSecret: values['app-secret'],
    verifyToken: values['verify-token'],
    ...(webhookUrl ? { webhookUrl } : {}),
    seed: values['fault-seed'],
  });
  sandbox
    .listen(port, values.host)
    .then(({ url }) => {
      const seeded = values.seed === 'demo' ? accounts.map((a) => seedDemo(sandbox, { accountId: a.id })).flat() : [];
      const v = GRAPH_API_VERSION;
      console.log(`kit-sandbox listening on ${url}\n`);
      console.log(`Graph API (both flavors):  ${url}/${v}/...`);
      console.log(`  Facebook host only:      ${url}/facebook/${v}/...`);
      console.log(`  Instagram host only:     ${url}/instagram/${v}/...`);
      console.log(`Control API:               ${url}/__sandbox/state\n`);
      console.log('Accounts (SANDBOX-ONLY fake tokens — they work nowhere else):');
      for (const a of sandbox.accounts.list()) {
        console.log(`  ${a.flavor.padEnd(9)} id=${a.id} igUserId=${a.igUserId} @${a.username}  token=${a.token}`);
      }
      console.log(`\nApp secret (sandbox): ${values['app-secret']}   verify token: ${values['verify-token']}`);
      console.log(webhookUrl ? `Webhooks → ${webhookUrl}` : 'Webhooks: none (pass --webhook-url to deliver)');
      if (seeded.length > 0) {
        console.log('\nSeeded customers:');
        for (const c of seeded) console.log(`  account ${c.accountId}  ${c.id}  @${c.username.padEnd(16)} ${c.window.padEnd(11)} ${c.note}`);
      }
    })
    .catch((err: unknown) => {
      console.error(`kit-sandbox could not listen on ${values.host}:${port}: ${(err as Error).message}`);
      process.exit(1);
    });
}

main();
