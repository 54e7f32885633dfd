// <ThreadView> over a store seeded with N messages (the probes' texts). The older page comes from
// a stub client when ThreadView asks for it (as in production, when the top comes near) and is
// held until the prepend probe releases it.
import { createRoot } from 'react-dom/client';
import { KitProvider, ThreadView, createKitStore, createKitClient } from '@kit/components';
import '@kit/components/styles.css';
import { N, OLDER, watchNewest } from './probes.js';
import { ACCOUNT, CID, CONVERSATION, kitMessage } from './kitData.js';

const messages = Array.from({ length: N }, (_, i) => kitMessage(i, N));
const older = Array.from({ length: OLDER }, (_, k) => kitMessage(k - OLDER, N));

let release;
const held = new Promise((resolve) => (release = resolve));
let served = false;
const client = {
  ...createKitClient({ baseUrl: '/kit' }),
  markRead: undefined,
  async listMessages() {
    if (served) return { messages: [], nextBefore: null };
    served = true;
    await held;
    return { messages: older, nextBefore: null };
  },
};

const t0 = performance.now();
const store = createKitStore({ client, accountId: ACCOUNT });
store.getState().seedConversations([CONVERSATION]);
store.getState().seedThread(CID, messages, 'older-page');
window.__seedMs = performance.now() - t0;
window.__count = () => store.getState().threads[CID]?.ids.length ?? 0;
window.__prepend = () => release();
createRoot(document.getElementById('root')).render(
  <KitProvider client={client} store={store} accountId={ACCOUNT} live={false} style={{ width: '100%', height: '100%' }}>
    <ThreadView conversationId={CID} />
  </KitProvider>,
);
watchNewest(t0);
