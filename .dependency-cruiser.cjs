/**
 * dependency-cruiser: the import rules `pnpm lint` enforces (one config for the whole repo; add a
 * package's rules below its heading). Type-only imports count: a loop through types is still a loop.
 *
 * Run alone: `pnpm lint:deps`.
 */
const PROXY = '^packages/proxy/src/';
/** Tests and their helpers may reach anywhere; the rules below are about shipped code. */
const PROXY_TESTS = ['\\.test\\.ts$', '^packages/proxy/src/test/'];
/** The composition roots: they assemble everything and nothing imports them back. */
const PROXY_ENTRIES = '^packages/proxy/src/(index|proxy|options|store)\\.ts$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No import cycles in any package, type-only imports included.',
      from: {},
      to: { circular: true },
    },

    // --- Packages depend one way (DESIGN §2): core ← components, core ← proxy, core ← sandbox; the
    // demo uses all. `@kit/…` names count too: an import of a package that is not a dependency
    // does not resolve, and must still be refused. A package reaches another only through its
    // entry points, so the README's "Every export" list (scripts/public-api.test.ts) is the whole
    // contract between them.
    {
      name: 'core-is-the-base',
      severity: 'error',
      comment: '@kit/core imports no other package of the kit.',
      from: { path: '^packages/core/' },
      to: { path: ['^(packages/(components|proxy|sandbox)|apps)/', '^@kit/(components|proxy|sandbox)(/|$)'] },
    },
    {
      name: 'components-not-server',
      severity: 'error',
      comment: '@kit/components runs in the browser: it never imports the proxy, the sandbox or the demo.',
      from: { path: '^packages/components/' },
      to: { path: ['^(packages/(proxy|sandbox)|apps)/', '^@kit/(proxy|sandbox)(/|$)'] },
    },
    {
      name: 'sandbox-only-core',
      severity: 'error',
      comment: '@kit/sandbox stands on @kit/core alone.',
      from: { path: '^packages/sandbox/' },
      to: { path: ['^(packages/(components|proxy)|apps)/', '^@kit/(components|proxy)(/|$)'] },
    },
    {
      name: 'proxy-not-components',
      severity: 'error',
      comment: '@kit/proxy never imports the components or the demo.',
      from: { path: '^packages/proxy/' },
      to: { path: ['^(packages/components|apps)/', '^@kit/components(/|$)'] },
    },
    {
      name: 'packages-through-entry-points',
      severity: 'error',
      comment: 'Another package is reached through its entry points (`@kit/core`, `@kit/components/locales/it`, …), never a file inside it.',
      from: { path: '^(packages/[^/]+|apps/[^/]+|bench|scripts)/' },
      to: {
        path: '^packages/',
        pathNot: ['^packages/[^/]+/src/(index|cli)\\.ts$', '^packages/components/src/locales/[^/]+\\.ts$', '^packages/components/src/styles\\.css$', '^$1/'],
      },
    },

    // --- @kit/proxy: folders follow the data flow (packages/proxy/README.md "Folder map") -------
    // Imports point one way: entries (index, proxy, options) → routes → flows (inbound, send,
    // history) → live, limits, graph, http, accounts → store.
    {
      name: 'proxy-store-at-the-bottom',
      severity: 'error',
      comment: 'store/ is the system of record; it knows nothing of the flows, HTTP or Graph.',
      from: { path: `${PROXY}store/`, pathNot: PROXY_TESTS },
      to: { path: PROXY, pathNot: `${PROXY}store/` },
    },
    {
      name: 'proxy-shared-below-flows',
      severity: 'error',
      comment: 'http/, graph/, limits/, live/ and the root helpers serve the flows; they never import a flow or an entry.',
      from: { path: [`${PROXY}(http|graph|limits|live)/`, `${PROXY}(accounts|secrets|log)\\.ts$`], pathNot: PROXY_TESTS },
      to: { path: [`${PROXY}(inbound|send|history)/`, PROXY_ENTRIES] },
    },
    {
      name: 'proxy-flows-independent',
      severity: 'error',
      comment: 'inbound/, send/ and history/ never import each other (so send/ never imports inbound/); they meet in proxy.ts and on the event bus.',
      from: { path: `${PROXY}(inbound|send|history)/`, pathNot: PROXY_TESTS },
      to: { path: `${PROXY}(inbound|send|history)/`, pathNot: `${PROXY}$1/` },
    },
    {
      name: 'proxy-routes-on-top',
      severity: 'error',
      comment: 'Route modules (*-route.ts, *-routes.ts) are mounted by their flow\'s index.ts or by proxy.ts; flow logic never imports a route.',
      from: { path: PROXY, pathNot: [...PROXY_TESTS, PROXY_ENTRIES, `${PROXY}[^/]+/index\\.ts$`] },
      to: { path: `${PROXY}.*-routes?\\.ts$` },
    },
    {
      name: 'proxy-entries-on-top',
      severity: 'error',
      comment: 'index.ts, proxy.ts, options.ts and store.ts assemble the kit; nothing below imports them.',
      from: { path: PROXY, pathNot: [...PROXY_TESTS, PROXY_ENTRIES] },
      to: { path: PROXY_ENTRIES },
    },
    {
      name: 'proxy-test-helpers-not-shipped',
      severity: 'error',
      comment: 'src/test/ holds test helpers; shipped code never imports them.',
      from: { path: PROXY, pathNot: PROXY_TESTS },
      to: { path: `${PROXY}test/` },
    },
    {
      name: 'proxy-sandbox-only-in-tests',
      severity: 'error',
      comment: 'DESIGN §2: the proxy never imports the sandbox outside tests.',
      from: { path: PROXY, pathNot: PROXY_TESTS },
      to: { path: '^packages/sandbox/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['(^|/)node_modules/', '(^|/)dist/', '(^|/)storybook-static/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    enhancedResolveOptions: {
      // Workspace packages resolve to their sources, as in vitest.config.ts.
      conditionNames: ['source', 'import', 'types', 'default'],
      exportsFields: ['exports'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.d.ts'],
      mainFields: ['module', 'main', 'types'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
