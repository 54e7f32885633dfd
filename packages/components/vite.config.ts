import { libConfig } from '../../scripts/vite-lib.ts';

// src/index.ts starts with "use client", which the bundle keeps at its top, so React Server
// Components hosts (Next.js app router) treat the whole kit as client components.
export default libConfig(import.meta.dirname);
