/**
 * Lets a child `node` process load the kit straight from its TypeScript sources, the way the test
 * runner does: `node --conditions=source --experimental-transform-types --import ./ts-hooks.ts child.ts`.
 * The sources import relative modules without an extension (bundler style), which Node's ESM
 * resolver refuses, so this resolve hook tries `.ts` and `/index.ts`. Real-process tests use it to
 * prove promises about processes (a crash, a restart) rather than about objects in one heap.
 */
import { existsSync } from 'node:fs';
import { registerHooks } from 'node:module';
import { fileURLToPath } from 'node:url';

registerHooks({
  resolve(specifier, context, nextResolve) {
    const relative = specifier.startsWith('./') || specifier.startsWith('../');
    if (relative && !/\.(?:[cm]?[jt]s|json)$/.test(specifier) && context.parentURL?.startsWith('file:')) {
      for (const suffix of ['.ts', '/index.ts']) {
        const url = new URL(specifier + suffix, context.parentURL);
        if (existsSync(fileURLToPath(url))) return nextResolve(url.href, context);
      }
    }
    return nextResolve(specifier, context);
  },
});
