/**
 * The request function of a client made by createKitClient, for routes implemented outside it
 * (src/ops/opsRoutes.ts, src/saved-replies/savedReplies.ts). Apart from client.ts so that only the
 * lazily loaded chunks that call it carry it.
 */
import { requesters } from './client';
import type { KitClient, KitRequest } from './client';

/** The request function of a client made by createKitClient (paths are relative to its baseUrl), if it is one. */
export function kitRequestOf(client: KitClient): KitRequest | undefined {
  const request = requesters.get(client);
  return request && ((method, path, init) => request(method, client.baseUrl + path, init) as never);
}
