/**
 * Start `kit-child.ts` as a real Node process (for tests whose promise is about processes:
 * restart, crash) and stop it gracefully or with SIGKILL.
 */
import { spawn, type ChildProcess } from 'node:child_process';
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
