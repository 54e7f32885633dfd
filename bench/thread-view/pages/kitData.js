// The kit's message objects for the probes' texts: what a host's store holds for a thread.
import { text, outgoing } from './probes.js';

export const ACCOUNT = '17841400000000001';
const CUSTOMER = '6000000000000001';
export const CID = `${ACCOUNT}:${CUSTOMER}`;
const END = Date.UTC(2026, 10, 21, 18, 0);

/** Message i of a thread of n, one a minute, ending at END. */
export function kitMessage(i, n) {
  const out = outgoing(i);
  return {
    id: `m${i}`,
    conversationId: CID,
    accountId: ACCOUNT,
    direction: out ? 'outbound' : 'inbound',
    from: out ? { id: ACCOUNT } : { id: CUSTOMER, name: 'Giulia Rossi', username: 'giulia.rossi' },
    to: out ? { id: CUSTOMER } : { id: ACCOUNT },
    attachments: [],
    text: text(i),
    createdAt: END - (n - 1 - i) * 60_000,
    editCount: 0,
    deleted: false,
    reactions: [],
    ...(out ? { status: 'sent' } : {}),
  };
}

export const CONVERSATION = {
  id: CID,
  accountId: ACCOUNT,
  customerId: CUSTOMER,
  customer: { name: 'Giulia Rossi', username: 'giulia.rossi' },
  lastMessageAt: END,
  lastInboundAt: END,
  unreadCount: 0,
  window: 'open',
};
