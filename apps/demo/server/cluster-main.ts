/**
 * `pnpm demo:cluster` ends here: three kit processes on one Postgres schema behind a round-robin
 * front (cluster.ts). Prints where to open it and how to kill an instance. Ctrl-C stops them all.
 */
import { startClusterDemo } from './cluster';

process.env.KIT_LOG_LEVEL ??= 'warn';

try {
  const demo = await startClusterDemo();
  console.log('');
  console.log(`  Instagram Direct kit demo — cluster: ${demo.instances.length} instances on one Postgres database`);
  console.log('');
  console.log(`  ➜  Open ${demo.url}/`);
  console.log(`  ➜  Instances: ${demo.url}/demo/cluster (each /kit response names its instance in x-kit-instance)`);
  for (const i of demo.instances) console.log(`       ${i.name}  pid ${i.pid}  ${i.url}/kit`);
  console.log('');
  console.log(`  Kill one and keep chatting:  kill -9 ${demo.instances[0]?.pid}`);
  console.log('');
  let stopping = false;
  const stop = () => {
    if (stopping) process.exit(1);
    stopping = true;
    void demo.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (err) {
  const code = (err as NodeJS.ErrnoException)?.code;
  if (code === 'EADDRINUSE') console.error(`\n  Port ${process.env.PORT ?? 5173} is in use. Start with another one: PORT=3000 pnpm demo:cluster\n`);
  else if (code === 'ECONNREFUSED' || code === '28P01' || code === '3D000') {
    console.error(`\n  demo:cluster needs PostgreSQL: set DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres). ${(err as Error).message}\n`);
  } else console.error(err);
  process.exit(1);
}
