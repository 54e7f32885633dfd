/**
 * The profile routes <ProfileSettings> calls: the client's own method when it has one (a
 * hand-written client, a test double), else the route through a createKitClient client's request
 * function. Here rather than inside createKitClient so an <Inbox> page does not download them.
 */
import type { KitMessengerProfileUpdate } from '@kit/core';
import { KitClientError } from '../client';
import { kitRequestOf } from '../client-request';
import type { KitClient, KitMessengerProfileView } from '../client';

export interface KitProfileRoutes {
  getProfile(accountId: string, signal?: AbortSignal): Promise<{ profile: KitMessengerProfileView }>;
  setProfile(accountId: string, update: KitMessengerProfileUpdate, signal?: AbortSignal): Promise<{ profile: KitMessengerProfileView }>;
}

export function profileRoutes(client: KitClient): KitProfileRoutes {
  const request =
    kitRequestOf(client) ??
    (() =>
      Promise.reject(new KitClientError({ code: 'not_implemented', message: 'This KitClient implements no profile routes (getProfile, setProfile).', status: 0, retryable: false, category: 'unknown' })));
  const path = (accountId: string) => `/accounts/${encodeURIComponent(accountId)}/profile`;
  return {
    getProfile: client.getProfile?.bind(client) ?? ((accountId, signal) => request('GET', path(accountId), { signal })),
    setProfile: client.setProfile?.bind(client) ?? ((accountId, update, signal) => request('POST', path(accountId), { json: update, signal })),
  };
}
