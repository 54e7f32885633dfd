// Two builds from one config: the web inbox (default) and, with `--ssr`, the server bundle. The
// server bundle includes the workspace packages from source, so `pnpm demo` needs no package builds.
// Only Node's built-ins and the demo's own dependency express stay external: the workspace
// packages' dependencies (pino, busboy, zod, ...) are not resolvable from
// apps/demo/dist in a pnpm install, so they are bundled.
import { builtinModules } from 'node:module';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const nodeExternal = (id: string) => id.startsWith('node:') || builtinModules.includes(id) || /^express(\/|$)/.test(id);

export default defineConfig(({ isSsrBuild }) => ({
  plugins: isSsrBuild ? [] : [react()],
  resolve: { conditions: ['source'] },
  ssr: { noExternal: true, resolve: { conditions: ['source'], externalConditions: ['source'] } },
  build: isSsrBuild
    ? {
        outDir: 'dist/server',
        emptyOutDir: true,
        target: 'node22',
        // `vite build --ssr` (no value) would override `build.ssr: 'server/main.ts'`; name the entries here
        // (main: `pnpm demo`; cluster and instance: `pnpm demo:cluster`).
        ssr: true,
        rolldownOptions: { input: { main: 'server/main.ts', cluster: 'server/cluster-main.ts', instance: 'server/cluster-instance.ts' }, external: nodeExternal, output: { entryFileNames: '[name].js' } },
      }
    : { outDir: 'dist/web', emptyOutDir: true, target: 'es2023' },
}));
