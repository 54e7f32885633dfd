// The one library build we use everywhere: Vite library mode (Rolldown) for the JavaScript, `tsc`
// (tsconfig.build.json) for the declarations. Dependencies, peers and Node built-ins stay external so
// each package ships only its own code.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { builtinModules } from 'node:module';
import { defineConfig, type UserConfig } from 'vite';

export function libConfig(
  dir: string,
  entries: Record<string, string> = { index: 'src/index.ts' },
  extra: UserConfig = {},
) {
  const pkg = JSON.parse(readFileSync(resolve(dir, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
    peerDependencies?: Record<string, string>;
  };
  const deps = [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {})];
  const external = (id: string) =>
    id.startsWith('node:') || builtinModules.includes(id) || deps.some((d) => id === d || id.startsWith(`${d}/`));
  return defineConfig({
    ...extra,
    resolve: { conditions: ['source'] },
    build: {
      target: 'es2023',
      outDir: 'dist',
      emptyOutDir: true,
      sourcemap: true,
      minify: false,
      lib: {
        entry: Object.fromEntries(Object.entries(entries).map(([k, v]) => [k, resolve(dir, v)])),
        formats: ['es'],
        fileName: (_format, name) => `${name}.js`,
      },
      rolldownOptions: {
        external,
        // Per-module "use client" directives cannot survive bundling; the entry's own one is kept
        // at the top of the bundle, so the warning about the others is noise.
        onLog(level, log, handler) {
          if (log.code === 'MODULE_LEVEL_DIRECTIVE') return;
          handler(level, log);
        },
      },
      ...extra.build,
    },
  });
}
