/**
 * `pnpm demo` ends here: start the demo server (PORT, HOST and the META_* variables from the
 * environment) and print where it is. Ctrl-C closes it cleanly.
 */
import { DemoConfigError } from './config';
import { startDemo } from './app';

// The kit logs every webhook at info; a demo terminal wants warnings and errors only.
process.env.KIT_LOG_LEVEL ??= 'warn';

try {
  const demo = await startDemo();
  console.log('');
  console.log(`  Instagram Direct kit demo (${demo.mode === 'sandbox' ? 'sandbox: no Meta account needed' : 'live: real Graph API'})`);
  console.log('');
  console.log(`  ➜  Open ${demo.url}/`);
  if (demo.mode === 'meta') console.log(`  ➜  Webhook callback: <PUBLIC_URL>/kit/webhook`);
  console.log('');
  let stopping = false;
  const stop = () => {
    if (stopping) process.exit(1); // second Ctrl-C: don't wait
    stopping = true;
    void demo.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (err) {
  if (err instanceof DemoConfigError) {
    console.error(`\n  ${err.message}\n`);
  } else if ((err as NodeJS.ErrnoException)?.code === 'EADDRINUSE') {
    console.error(`\n  Port ${process.env.PORT ?? 5173} is in use. Start with another one: PORT=3000 pnpm demo\n`);
  } else {
    console.error(err);
  }
  process.exit(1);
}
