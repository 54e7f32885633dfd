/**
 * The search route <ConversationSearch> calls: the client's own method when it has one (a
 * hand-written client, a test double), else the route through a createKitClient client's request
 * function. Here, not inside createKitClient, so an inbox page downloads it with the search chunk.
 */
import { KitClientError } from '../client';
import { kitRequestOf } from '../client-request';
import type { KitClient, KitConversationSearch, KitConversationSearchPage } from '../client';

export function searchRoute(client: KitClient): (accountId: string, options: KitConversationSearch) => Promise<KitConversationSearchPage> {
  if (client.searchConversations) return client.searchConversations.bind(client);
  const request = kitRequestOf(client);
  return (accountId, { q, filters, before, limit, signal }) => {
    if (!request) {
      return Promise.reject(
        new KitClientError({ code: 'not_implemented', message: 'This KitClient implements no searchConversations.', status: 0, retryable: false, category: 'unknown' }),
      );
    }
    const query = new URLSearchParams();
    if (q) query.set('q', q);
    if (filters?.length) query.set('filter', filters.join(','));
    if (before) query.set('before', before);
    if (limit) query.set('limit', String(limit));
    return request<KitConversationSearchPage>('GET', `/accounts/${encodeURIComponent(accountId)}/conversations?${query}`, signal ? { signal } : {});
  };
}
