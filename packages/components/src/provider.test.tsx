import { act, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { catalogs } from './i18n';
import { de } from './i18n/de';
import { it as itCatalog } from './i18n/it';
import { useState } from 'react';
import { KitProvider, useKitStore, useT } from './provider';
import { fakeProxy } from './test/fakeClient';
import { ACCOUNT, CID, message } from './test/fixtures';

function Count() {
  const n = useKitStore((s) => s.threads[CID]?.ids.length ?? 0);
  const t = useT();
  return (
    <p>
      {n} {t('date.today')}
    </p>
  );
}

describe('<KitProvider>', () => {
  it('scopes theme and language on its root element', () => {
    const { container } = render(
      <KitProvider baseUrl="/kit" accountId={ACCOUNT} theme="dark" locale="de" live={false}>
        <Count />
      </KitProvider>,
    );
    const root = container.firstElementChild!;
    expect(root).toHaveClass('kit-root');
    expect(root).toHaveAttribute('data-theme', 'dark');
    expect(root).toHaveAttribute('lang', 'de');
    expect(screen.getByText('0 Heute')).toBeInTheDocument();
  });

  it('applies live events to the store so subscribed components update (long-poll fallback, no EventSource in jsdom)', async () => {
    const proxy = fakeProxy();
    render(
      <KitProvider client={proxy.client} accountId={ACCOUNT}>
        <Count />
      </KitProvider>,
    );
    await act(async () => {
      proxy.push({ type: 'message', accountId: ACCOUNT, conversationId: CID, at: 1, id: '1', message: message({ id: 'live1' }) });
      await new Promise((r) => setTimeout(r, 10));
    });
    expect(screen.getByText('1 Today')).toBeInTheDocument();
  });

  it('ignores events of other accounts carried on the same stream', async () => {
    const proxy = fakeProxy();
    render(
      <KitProvider client={proxy.client} accountId={ACCOUNT}>
        <Count />
      </KitProvider>,
    );
    await act(async () => {
      proxy.push({ type: 'message', accountId: 'other', conversationId: CID, at: 1, message: message({ id: 'x' }) });
      await new Promise((r) => setTimeout(r, 10));
    });
    expect(screen.getByText('0 Today')).toBeInTheDocument();
  });

  it('explains what is missing', () => {
    expect(() => render(<KitProvider accountId={ACCOUNT} />)).toThrow(/baseUrl/);
    expect(() => render(<Count />)).toThrow(/inside <KitProvider/);
  });
});

describe('<KitProvider> loading a catalog on demand', () => {
  // test/setup.ts registers Italian and German up front; take them out to see the kit's own path.
  afterEach(() => {
    catalogs.it = itCatalog;
    catalogs.de = de;
  });

  it('renders nothing inside its root until the Italian chunk is here, then Italian (no English flash)', async () => {
    delete catalogs.it;
    const seen: string[] = [];
    function Spy() {
      const text = useT()('date.today');
      seen.push(text);
      return <p>{text}</p>;
    }
    const { container } = render(
      <KitProvider baseUrl="/kit" accountId={ACCOUNT} locale="it-CH" live={false}>
        <Spy />
      </KitProvider>,
    );
    const root = container.firstElementChild!;
    expect(root).toHaveClass('kit-root');
    expect(root).toHaveAttribute('aria-busy', 'true');
    expect(root).toBeEmptyDOMElement();
    expect(await screen.findByText('Oggi')).toBeInTheDocument();
    expect(root).not.toHaveAttribute('aria-busy');
    expect(root).toHaveAttribute('lang', 'it-CH');
    expect(seen).not.toContain('Today');
    expect(catalogs.it).toBe(itCatalog); // registered: the next provider renders Italian at once
  });

  it('switching to German at runtime keeps the inbox mounted in English until German is here', async () => {
    delete catalogs.de;
    let mounts = 0;
    function Spy() {
      const t = useT();
      const [id] = useState(() => ++mounts);
      return <p data-mount={id}>{t('date.today')}</p>;
    }
    const ui = (locale: string) => (
      <KitProvider baseUrl="/kit" accountId={ACCOUNT} locale={locale} live={false}>
        <Spy />
      </KitProvider>
    );
    const { rerender } = render(ui('en'));
    expect(screen.getByText('Today')).toBeInTheDocument();
    rerender(ui('de'));
    expect(screen.getByText('Today')).toBeInTheDocument();
    expect(await screen.findByText('Heute')).toHaveAttribute('data-mount', '1');
    expect(mounts).toBe(1);
  });
});
