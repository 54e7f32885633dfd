import { act, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
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
