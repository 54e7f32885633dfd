import { libConfig } from '../../scripts/vite-lib.ts';

// src/index.ts starts with "use client", which the bundle keeps at its top, so React Server
// Components hosts (Next.js app router) treat the whole kit as client components.
// The locale entries register the Italian / German catalog on import (for hosts that want them on
// the first paint); without them the provider loads the catalog on demand. Dynamic imports (the
// Radix dialogs, the catalogs) become chunks of their own next to index.js.
export default libConfig(import.meta.dirname, {
  index: 'src/index.ts',
  'locales/it': 'src/locales/it.ts',
  'locales/de': 'src/locales/de.ts',
});
