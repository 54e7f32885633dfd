/**
 * Mounting for browser-mode tests with react-dom directly (Testing Library's bundle would pull a
 * second copy of react-dom into the browser). `mount` renders synchronously; `unmountAll` runs
 * after each test.
 */
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import type { Root } from 'react-dom/client';
import type { ReactNode } from 'react';
import { afterEach } from 'vitest';

const mounted: { root: Root; host: HTMLElement }[] = [];

export function mount(node: ReactNode, style: Partial<CSSStyleDeclaration> = {}): HTMLElement {
  const host = document.createElement('div');
  Object.assign(host.style, style);
  document.body.append(host);
  const root = createRoot(host);
  flushSync(() => root.render(node));
  mounted.push({ root, host });
  return host;
}

afterEach(() => {
  for (const { root, host } of mounted.splice(0)) {
    root.unmount();
    host.remove();
  }
});
