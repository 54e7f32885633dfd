// Two builds from one config: the web inbox (default) and, with `--ssr`, the server bundle. The
// server bundle includes the workspace packages from source, so `pnpm demo` needs no package builds.
import { builtinModules } from 'node:module';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const nodeExternal = (id: string) =>
  id.startsWith('node:') || builtinModules.includes(id) || /^(express|busboy|pino|pg|http-proxy-middleware|rate-limiter-flexible|p-retry)(\/|$)/.test(id);

export default defineConfig(({ isSsrBuild }) => ({
  plugins: isSsrBuild ? [] : [react()],
  resolve: { conditions: ['source'] },
  ssr: { noExternal: [/^@kit\//], resolve: { conditions: ['source'], externalConditions: ['source'] } },
  build: isSsrBuild
    ? {
        outDir: 'dist/server',
        emptyOutDir: true,
        target: 'node22',
        ssr: 'server/main.ts',
        rolldownOptions: { external: nodeExternal, output: { entryFileNames: 'main.js' } },
      }
    : { outDir: 'dist/web', emptyOutDir: true, target: 'es2023' },
}));
