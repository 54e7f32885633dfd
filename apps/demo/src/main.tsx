import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@kit/components/styles.css';
import './demo.css';
import type { DemoClientConfig } from '../server/app';
import { App } from './App';
import { createDemoClock } from './clock';

const root = createRoot(document.getElementById('root')!);

async function boot() {
  const res = await fetch('/demo/config', { headers: { accept: 'application/json' } });
  if (!res.ok) throw new Error(`The demo server answered ${res.status} to GET /demo/config.`);
  const config = (await res.json()) as DemoClientConfig;
  let offsetMs = 0;
  if (config.sandbox) {
    const clock = await fetch(`${config.sandbox.controlUrl}/clock`).then((r) => r.json() as Promise<{ offsetMs: number }>);
    offsetMs = clock.offsetMs;
  }
  root.render(
    <StrictMode>
      <App config={config} clock={createDemoClock(offsetMs)} />
    </StrictMode>,
  );
}

boot().catch((err: unknown) => {
  root.render(
    <main className="demo-boot-error">
      <h1>The demo could not start</h1>
      <p>{err instanceof Error ? err.message : String(err)}</p>
      <p>Is the demo server running? Start it with <code>pnpm demo</code>.</p>
    </main>,
  );
});
