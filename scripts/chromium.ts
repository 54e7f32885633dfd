// One place for how we start Debian's Chromium, shared by Vitest browser mode, Playwright
// end-to-end tests and benchmarks. The flags keep it from reaching for the network (this machine
// has none) and from needing a GPU or a sandboxing user namespace.
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--disable-dev-shm-usage',
];
