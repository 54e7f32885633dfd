/**
 * The request function of a client made by createKitClient, for routes implemented outside it.
 * Its own module (not client.ts, which every <Inbox> loads first): only lazily loaded parts —
 * <KitOps>'s operator routes, <RoutingBanner>'s take and pass, the saved replies — import it, so an
 * <Inbox> page never downloads it.
 */
import { requesters } from './client';
import type { KitClient, KitRequest } from './client';

/** The request function of a client made by createKitClient (paths are relative to its baseUrl), if it is one. */
export function kitRequestOf(client: KitClient): KitRequest | undefined {
  const request = requesters.get(client);
  return request && ((method, path, init) => request(method, client.baseUrl + path, init) as never);
}
