/**
 * Conversation ids. Instagram has exactly one customer per thread (reference §1.11), so a
 * conversation is identified by the business account and the customer's IGSID. IGSIDs are opaque
 * strings (reference §7.4) and may in principle contain anything except that we split on the
 * FIRST colon: account ids are numeric Graph ids, so they never contain one.
 */

/** `${accountId}:${customerIgsid}` */
export function conversationId(accountId: string, customerIgsid: string): string {
  if (!accountId || accountId.includes(':')) {
    throw new TypeError(`conversationId: invalid account id ${JSON.stringify(accountId)}`);
  }
  if (!customerIgsid) throw new TypeError('conversationId: customer IGSID is empty');
  return `${accountId}:${customerIgsid}`;
}

/** Inverse of `conversationId`; `null` when the string is not a conversation id. */
export function parseConversationId(id: string): { accountId: string; customerId: string } | null {
  const i = id.indexOf(':');
  if (i <= 0 || i === id.length - 1) return null;
  return { accountId: id.slice(0, i), customerId: id.slice(i + 1) };
}

/** Prefix of the id a message carries before Graph returned its `mid`. */
export const LOCAL_MESSAGE_ID_PREFIX = 'local:';

/** `local:<clientId>` — the id of an outbound message not yet accepted by Graph. */
export function localMessageId(clientId: string): string {
  return LOCAL_MESSAGE_ID_PREFIX + clientId;
}

/** Whether a message id is a local placeholder (no Graph `mid` yet). */
export function isLocalMessageId(id: string): boolean {
  return id.startsWith(LOCAL_MESSAGE_ID_PREFIX);
}
