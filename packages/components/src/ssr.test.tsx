// @vitest-environment node
// Server rendering: no window, no document, no EventSource. Importing the kit and rendering it to
// HTML must work (Next.js / Remix), and must not open any connection.
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import * as kit from './index';
import { ACCOUNT } from './test/fixtures';

describe('SSR', () => {
  it('imports and renders without a DOM', () => {
    expect(typeof window).toBe('undefined');
    const html = renderToString(
      <kit.KitProvider baseUrl="/kit" accountId={ACCOUNT} theme="dark">
        <span>inbox</span>
      </kit.KitProvider>,
    );
    expect(html).toContain('class="kit-root" data-theme="dark" lang="en"');
  });
});
