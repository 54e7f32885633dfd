// The framework-free entry (`@kit/components/element`, src/element.tsx): unlike the rest of the
// package, React, ReactDOM and every dependency are bundled in, minified, so a page that is not
// React needs this one module and nothing else. It goes to dist/element/ (entry index.js plus the
// same on-demand chunks as the React entry: conversation pane, dialogs, catalogs).
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

export default defineConfig({
  resolve: { conditions: ['source'] },
  define: { 'process.env.NODE_ENV': JSON.stringify('production') },
  build: {
    target: 'es2023',
    outDir: 'dist/element',
    emptyOutDir: true,
    sourcemap: true,
    minify: true,
    lib: { entry: resolve(import.meta.dirname, 'src/element.tsx'), formats: ['es'], fileName: () => 'index.js' },
    rolldownOptions: {
      onLog(level, log, handler) {
        if (log.code === 'MODULE_LEVEL_DIRECTIVE') return; // 'use client' per module
        handler(level, log);
      },
    },
  },
});
