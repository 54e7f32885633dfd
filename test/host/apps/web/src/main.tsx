// A React host, as the README's "Use it in your app" describes it: the kit's stylesheet, one
// provider pointing at the proxy, <Inbox> in a box of the host's that has a height.
import { createRoot } from 'react-dom/client';
import { Inbox, KitProvider } from '@kit/components';
import '@kit/components/styles.css';

const { accountId } = (await (await fetch('/test/account')).json()) as { accountId: string };
createRoot(document.getElementById('inbox')!).render(
  <KitProvider baseUrl="/kit" accountId={accountId}>
    <Inbox />
  </KitProvider>,
);
