/**
 * The operator routes <KitOps> calls: the client's own method when it has one (a hand-written
 * client, a test double), else the route through a createKitClient client's request function.
 * Implemented here rather than inside createKitClient so an <Inbox> page does not download them.
 */
import { KitClientError } from '../client';
import { kitRequestOf } from '../client-request';
import type { KitAccountPauseResult, KitClient, KitDeadLetterPage, KitOutbox, KitSendOutcome } from '../client';
import type { KitMessage } from '@kit/core';

export type KitOpsRoutes = Required<
  Pick<KitClient, 'listOutbox' | 'resolveSend' | 'pauseAccount' | 'resumeAccount' | 'listDeadLetters' | 'replayDeadLetter' | 'discardDeadLetter'>
>;

const seg = encodeURIComponent;

export function opsRoutes(client: KitClient): KitOpsRoutes {
  const request =
    kitRequestOf(client) ??
    (() =>
      Promise.reject(
        new KitClientError({ code: 'not_implemented', message: 'This KitClient implements no operator routes (listOutbox, pauseAccount, …).', status: 0, retryable: false, category: 'unknown' }),
      ));
  const qs = (limit: number | undefined) => (limit === undefined ? '' : `?limit=${limit}`);
  return {
    listOutbox: client.listOutbox?.bind(client) ?? ((accountId, options = {}) => request<KitOutbox>('GET', `/accounts/${seg(accountId)}/outbox${qs(options.limit)}`, { signal: options.signal })),
    resolveSend:
      client.resolveSend?.bind(client) ??
      ((accountId, clientId, outcome: KitSendOutcome, signal) =>
        request<{ message: KitMessage }>('POST', `/accounts/${seg(accountId)}/sends/${seg(clientId)}/resolve`, { json: { outcome }, signal })),
    pauseAccount:
      client.pauseAccount?.bind(client) ?? ((accountId, message, signal) => request<KitAccountPauseResult>('POST', `/accounts/${seg(accountId)}/pause`, { json: { message }, signal })),
    resumeAccount: client.resumeAccount?.bind(client) ?? ((accountId, signal) => request<KitAccountPauseResult>('POST', `/accounts/${seg(accountId)}/resume`, { json: {}, signal })),
    listDeadLetters: client.listDeadLetters?.bind(client) ?? ((options = {}) => request<KitDeadLetterPage>('GET', `/admin/dead-letters${qs(options.limit)}`, { signal: options.signal })),
    replayDeadLetter:
      client.replayDeadLetter?.bind(client) ?? ((id, signal) => request<{ webhookId: string }>('POST', `/admin/dead-letters/${seg(id)}/replay`, { json: {}, signal })),
    discardDeadLetter: client.discardDeadLetter?.bind(client) ?? ((id, signal) => request<unknown>('DELETE', `/admin/dead-letters/${seg(id)}`, { signal })),
  };
}
