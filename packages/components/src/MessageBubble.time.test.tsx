/**
 * A page's first date formatter costs 50–400 ms (Intl loads ICU's data): a thread opened on a page
 * that has formatted no date yet shows its messages first and their times right after that paint.
 * Its own file: the module's "a date was formatted on this page" state starts fresh here.
 */
import { render, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { isIntlWarm } from './format';
import { MessageBubble } from './MessageBubble';
import { KitProvider } from './provider';
import { createKitStore } from './store';
import { fakeProxy } from './test/fakeClient';
import { ACCOUNT, CID, message } from './test/fixtures';

function renderBubble(id: string) {
  const proxy = fakeProxy();
  const store = createKitStore({ client: proxy.client, accountId: ACCOUNT });
  store.getState().seedThread(CID, [message({ id, text: 'hello' })]);
  const utils = render(
    <KitProvider client={proxy.client} store={store} accountId={ACCOUNT} live={false}>
      <MessageBubble conversationId={CID} messageId={id} />
    </KitProvider>,
  );
  return utils.container.querySelector('time')!;
}

describe('message times on a page that has formatted no date yet', () => {
  it('render a same-height placeholder first, the time after the first paint, and at once from then on', async () => {
    expect(isIntlWarm()).toBe(false);
    const time = renderBubble('t1');
    expect(time.textContent).toBe('\u00a0');
    expect(time).toHaveAttribute('dateTime'); // the exact time is there for machines from the start
    await waitFor(() => expect(time.textContent).toMatch(/\d{1,2}[:.]\d{2}/));
    expect(isIntlWarm()).toBe(true);
    expect(renderBubble('t2').textContent).toMatch(/\d{1,2}[:.]\d{2}/);
  });
});
