// Size probe: React plus the kit parts of issue 7 (provider, client, store, list, thread).
import { createRoot } from 'react-dom/client';
import { ConversationList, KitProvider, ThreadView } from '@kit/components';

createRoot(document.getElementById('app')!).render(
  <KitProvider baseUrl="/kit" accountId="1">
    <ConversationList />
    <ThreadView conversationId="1:2" />
  </KitProvider>,
);
