/**
 * Start `kit-child.ts` as a real Node process (for tests whose promise is about processes:
 * restart, crash) and stop it gracefully or with SIGKILL.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createGraphSandbox, type GraphSandbox, type ListeningSandbox } from '@kit/sandbox';
import { APP_SECRET, IG_ACCOUNT, VERIFY_TOKEN } from './harness';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const testDir = dirname(fileURLToPath(import.meta.url));

export interface KitChild {
  child: ChildProcess;
  /** The kit's mount URL, e.g. http://127.0.0.1:1234/kit */
  url: string;
  stderr: () => string;
}

/** Resolves once the child listens. `env` adds KIT_DB or KIT_PG_SCHEMA (one is required), KIT_GRAPH, KIT_LEASE_MS, KIT_WAIT_MS. */
export async function startKitChild(env: Record<string, string>): Promise<KitChild> {
  const child = spawn(
    process.execPath,
    ['--conditions=source', '--experimental-transform-types', '--no-warnings', '--import', join(testDir, 'ts-hooks.ts'), join(testDir, 'kit-child.ts')],
    { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let err = '';
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /ready (\S+)/.exec(out);
      if (m) resolve(m[1] as string);
    });
    child.on('exit', (code) => reject(new Error(`kit child exited with ${code} before it was ready: ${err}`)));
  });
  return { child, url, stderr: () => err };
}

/** SIGTERM (the kit closes, then the process exits) or SIGKILL; resolves with the exit code. */
export async function stopKitChild(child: ChildProcess, signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill(signal);
  return exited;
}

/** Polls `ok` every `everyMs` until it holds; throws naming `what` after `timeoutMs`. */
export async function waitUntil(what: string, ok: () => Promise<boolean> | boolean, timeoutMs = 60_000, everyMs = 50): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** POST JSON to a kit child the way the components do (with the CSRF header). */
export async function postKit(kit: KitChild, path: string, body: unknown): Promise<Response> {
  return fetch(`${kit.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-kit-request': '1' }, body: JSON.stringify(body) });
}

/**
 * Waits until every send is `sent`. An `uncertain` one whose text did go out (`wentOut`) waits
 * for its echo; one that did not is what a person would resend from the thread — so it is
 * resolved `resend`. Returns the clientIds resent that way.
 */
export async function finishSends(o: {
  kit: () => KitChild;
  accountId: string;
  sends: readonly { clientId: string; text: string }[];
  wentOut: (text: string) => boolean;
  /** Deliver the sandbox's queued webhooks (echoes) before each look. */
  flush: () => Promise<void>;
  timeoutMs?: number;
}): Promise<string[]> {
  const resent: string[] = [];
  await waitUntil(
    'every send to be sent',
    async () => {
      await o.flush();
      const kit = o.kit();
      const statuses = await Promise.all(
        o.sends.map(async (s) => {
          const res = await fetch(`${kit.url}/accounts/${o.accountId}/sends/${s.clientId}`);
          if (res.status !== 200) throw new Error(`GET send ${s.clientId}: ${res.status}`);
          return { ...s, status: ((await res.json()) as { message: { status: string } }).message.status };
        }),
      );
      for (const s of statuses) {
        if (s.status !== 'uncertain' || o.wentOut(s.text)) continue;
        const res = await postKit(kit, `/accounts/${o.accountId}/sends/${s.clientId}/resolve`, { outcome: 'resend' });
        if (res.status === 200) resent.push(s.clientId);
        await res.arrayBuffer();
      }
      const failed = statuses.filter((s) => s.status === 'failed');
      if (failed.length > 0) throw new Error(`sends failed: ${failed.map((s) => s.clientId).join(', ')}`);
      return statuses.every((s) => s.status === 'sent');
    },
    o.timeoutMs ?? 120_000,
    250,
  );
  return resent;
}

/** A sandbox on loopback for kit children (KIT_GRAPH = its url), with the harness's IG account. */
export async function startChildSandbox(): Promise<{ sandbox: GraphSandbox; graph: ListeningSandbox; close: () => Promise<void> }> {
  const sandbox = createGraphSandbox({
    appSecret: APP_SECRET,
    verifyToken: VERIFY_TOKEN,
    accounts: [{ id: IG_ACCOUNT.id, flavor: 'instagram', token: IG_ACCOUNT.token, username: 'shop_ig', requireAppsecretProof: true }],
    // Webhooks keep retrying while a child is down (killed, restarting).
    webhooks: { retryBaseMs: 20, retryMaxMs: 200, maxAttempts: 1000 },
  });
  const graph = await sandbox.listen(0);
  return {
    sandbox,
    graph,
    close: async () => {
      sandbox.close();
      await graph.close();
    },
  };
}
