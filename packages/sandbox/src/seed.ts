/**
 * seedDemo: a handful of realistic conversations for the demo inbox, covering the states the UI
 * must show — open window, HUMAN_AGENT range (24 h – 7 d), closed window, media, a post share, a
 * story reply, reactions, an unsent message, an Italian and a German speaker, an opted-out person.
 *
 * History is written backdated through `customer.history()`, so it is visible through the
 * Conversations API (as Meta's pre-existing history is) without webhooks; pass `{ webhooks: true }`
 * to also deliver it as webhooks with its original timestamps.
 */

import { DAY_MS, HOUR_MS, MINUTE_MS } from '@kit/core';
import type { GraphSandbox } from './api';

export interface SeedDemoOptions {
  /** Account to seed (default: the first account). */
  accountId?: string;
  /** Also deliver the seeded history as webhooks (default false). */
  webhooks?: boolean;
}

export interface SeededCustomer {
  accountId: string;
  id: string;
  name: string | null;
  username: string;
  /** Window state the customer was seeded into. */
  window: 'open' | 'human_agent' | 'closed';
  note: string;
}

export function seedDemo(sandbox: GraphSandbox, options: SeedDemoOptions = {}): SeededCustomer[] {
  const accountId = options.accountId ?? sandbox.accounts.list()[0]?.id;
  if (!accountId) throw new Error('seedDemo: the sandbox has no accounts');
  const { customer, clock } = sandbox;
  const now = clock.now();
  const h = <T>(ago: number, fn: () => T) => customer.history(now - ago, fn, { webhooks: options.webhooks ?? false });
  const out: SeededCustomer[] = [];

  // Giulia (Italian): open window, photo, business reply she loved, then a follow-up.
  const giulia = customer.create({ accountId, name: 'Giulia Rossi', username: 'giulia.rossi', locale: 'it_IT', followerCount: 842 });
  h(50 * MINUTE_MS, () => customer.text(giulia.id, 'Ciao! Avete ancora la borsa in pelle nera della nuova collezione?'));
  h(49 * MINUTE_MS, () => customer.media(giulia.id, 'image'));
  const reply = h(40 * MINUTE_MS, () => customer.appReply(giulia.id, 'Ciao Giulia! Sì, è disponibile in negozio e online. 😊'));
  h(38 * MINUTE_MS, () => customer.react(giulia.id, reply.mid as string, 'love'));
  h(12 * MINUTE_MS, () => customer.text(giulia.id, 'Perfetto, la spedizione in Italia quanto costa? Grazie mille!'));
  out.push({ accountId, id: giulia.id, name: giulia.name, username: giulia.username, window: 'open', note: 'Italian; photo; loved a reply' });

  // Jonas (German): wrote 30 h ago — only a human agent can reply (HUMAN_AGENT, up to 7 days).
  const jonas = customer.create({ accountId, name: 'Jonas Becker', username: 'jonas.becker', locale: 'de_DE', followerCount: 310 });
  h(31 * HOUR_MS, () => customer.text(jonas.id, 'Hallo, meine Bestellung #10482 ist noch nicht angekommen. Können Sie nachsehen?'));
  h(30 * HOUR_MS, () => customer.text(jonas.id, 'Die Sendungsverfolgung zeigt seit Tagen „in Zustellung“. Grüße aus Köln'));
  out.push({ accountId, id: jonas.id, name: jonas.name, username: jonas.username, window: 'human_agent', note: 'German; 30 h silent' });

  // Priya: shared a post and replied to a story 3 h ago; unsent one message.
  const priya = customer.create({ accountId, name: 'Priya Natarajan', username: 'priya.makes' });
  h(4 * HOUR_MS, () => customer.share(priya.id, { kind: 'post', title: 'Spring lookbook' }));
  h(3.5 * HOUR_MS, () => customer.replyToStory(priya.id, 'Is this the one from your story? Love the colour!'));
  const oops = h(3.2 * HOUR_MS, () => customer.text(priya.id, 'sorry wrong chat'));
  h(3.1 * HOUR_MS, () => customer.unsend(priya.id, oops.mid as string));
  h(3 * HOUR_MS, () => customer.mentionInStory(priya.id));
  out.push({ accountId, id: priya.id, name: priya.name, username: priya.username, window: 'open', note: 'post share, story reply, unsent message, story mention' });

  // Sam: last wrote 9 days ago — window closed.
  const sam = customer.create({ accountId, name: 'Sam Carter', username: 'samcarter_' });
  h(9 * DAY_MS, () => customer.text(sam.id, 'Do you ship to Canada?'));
  h(9 * DAY_MS - 20 * MINUTE_MS, () => customer.appReply(sam.id, 'We do! Shipping takes 5–7 business days.'));
  h(9 * DAY_MS - 15 * MINUTE_MS, () => customer.read(sam.id));
  out.push({ accountId, id: sam.id, name: sam.name, username: sam.username, window: 'closed', note: 'closed window; read receipt' });

  // Alex: opted out of marketing messages, sent a voice note 2 h ago.
  const alex = customer.create({ accountId, name: null, username: 'alex.k', followerCount: 12 });
  h(2 * DAY_MS, () => customer.optIn(alex.id, { title: 'Weekly drops' }));
  h(2 * HOUR_MS + 5 * MINUTE_MS, () => customer.media(alex.id, 'audio'));
  h(2 * HOUR_MS, () => customer.optOut(alex.id));
  out.push({ accountId, id: alex.id, name: alex.name, username: alex.username, window: 'open', note: 'opted out; voice note; no display name' });

  // Business content to share and reply to.
  sandbox.accounts.createMedia(accountId, { kind: 'post', caption: 'New collection' });
  return out;
}
