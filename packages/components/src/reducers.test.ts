import { describe, expect, it } from 'vitest';
import type { KitEvent } from '@kit/core';
import * as R from './reducers';
import { ACCOUNT, CID, CONVERSATIONS, message, thread } from './test/fixtures';

const base = () => R.setConversations(R.initialData(), CONVERSATIONS);
type EventInput = KitEvent extends infer E ? (E extends KitEvent ? Omit<E, 'accountId' | 'at'> & { at?: number } : never) : never;
const ev = (event: EventInput): KitEvent => ({ accountId: ACCOUNT, at: Date.UTC(2026, 10, 21, 19), ...event }) as KitEvent;

describe('conversations', () => {
  it('orders conversations by newest activity', () => {
    const s = base();
    expect(s.conversationIds[0]).toBe(CID);
    expect(s.conversationsStatus).toBe('ready');
    const older = CONVERSATIONS[2]!;
    const bumped = R.upsertConversation(s, { ...older, lastMessageAt: Date.UTC(2027, 0, 1) });
    expect(bumped.conversationIds[0]).toBe(older.id);
  });
});

describe('pages', () => {
  it('prepends older pages and keeps ids sorted oldest first', () => {
    const all = thread(10);
    let s = R.applyPage(base(), CID, { messages: all.slice(5), nextBefore: 'c5' }, false);
    expect(s.threads[CID]!.ids).toEqual(['m5', 'm6', 'm7', 'm8', 'm9']);
    s = R.applyPage(s, CID, { messages: all.slice(0, 5), nextBefore: null }, true);
    expect(s.threads[CID]!.ids).toEqual(all.map((m) => m.id));
    expect(s.threads[CID]!.nextBefore).toBeNull();
  });

  it('indexes a first page in one pass: keeps the given messages (no copies), one row per repeated id, sorts only when out of order', () => {
    const all = thread(6);
    const clientSent = { ...all[4]!, direction: 'outbound' as const, clientId: 'c4' };
    const page = [all[1]!, all[0]!, all[2]!, all[2]!, all[3]!, clientSent, all[5]!];
    const t = R.applyPage(base(), CID, { messages: page, nextBefore: 'c0' }, false).threads[CID]!;
    expect(t.ids).toEqual(all.map((m) => m.id));
    expect(t.byId.get('m0')).toBe(all[0]);
    expect(t.byId.get('m4')).toBe(clientSent);
    expect(t.byClientId).toEqual({ c4: 'm4' });
    expect(t).toMatchObject({ status: 'ready', nextBefore: 'c0' });
    // Two copies of one id: one row, the later copy.
    const edited = { ...all[1]!, text: 'edited' };
    const twice = R.applyPage(base(), CID, { messages: [all[0]!, all[1]!, edited, all[2]!], nextBefore: null }, false).threads[CID]!;
    expect(twice.ids).toEqual(['m0', 'm1', 'm2']);
    expect(twice.byId.get('m1')).toBe(edited);
  });

  it('a reloaded first page keeps live messages that arrived meanwhile, in time order', () => {
    const all = thread(6);
    let s = R.upsertMessage(base(), all[5]!);
    s = R.applyPage(s, CID, { messages: all.slice(0, 5), nextBefore: null }, false);
    expect(s.threads[CID]!.ids).toEqual(all.map((m) => m.id));
  });
});

describe('events', () => {
  it('appends a new inbound message, bumps unread and the preview, leaving other rows untouched', () => {
    const all = thread(3);
    const s0 = R.applyPage(base(), CID, { messages: all, nextBefore: null }, false);
    const m = message({ id: 'new1', text: 'hello again', createdAt: all[2]!.createdAt + 1000 });
    const s1 = R.applyEvent(s0, ev({ type: 'message', conversationId: CID, message: m, id: '41' }));
    const t = s1.threads[CID]!;
    expect(t.ids.at(-1)).toBe('new1');
    // Normalized: untouched rows keep their object identity, so their components do not re-render.
    expect(t.byId.get('m0')).toBe(s0.threads[CID]!.byId.get('m0'));
    expect(s1.conversations[CID]!.unreadCount).toBe(CONVERSATIONS[0]!.unreadCount + 1);
    expect(s1.conversations[CID]!.lastMessage?.text).toBe('hello again');
    expect(s1.lastEventId).toBe('41');
  });

  it('a duplicate message event does not duplicate the row or the unread count', () => {
    const m = message({ id: 'd1', text: 'x' });
    const e = ev({ type: 'message', conversationId: CID, message: m });
    const once = R.applyEvent(base(), e);
    const twice = R.applyEvent(once, e);
    expect(twice.threads[CID]!.ids).toEqual(['d1']);
    expect(twice.conversations[CID]!.unreadCount).toBe(once.conversations[CID]!.unreadCount);
  });

  it('inserts a late message at its time position', () => {
    const all = thread(4);
    const s0 = R.applyPage(base(), CID, { messages: [all[0]!, all[1]!, all[3]!], nextBefore: null }, false);
    const s1 = R.applyEvent(s0, ev({ type: 'message', conversationId: CID, message: all[2]! }));
    expect(s1.threads[CID]!.ids).toEqual(['m0', 'm1', 'm2', 'm3']);
  });

  it('edits, unsends (erasing content), reacts and unreacts', () => {
    const m = message({ id: 'e1', text: 'orig', createdAt: Date.UTC(2026, 10, 21, 19), attachments: [{ type: 'image', url: 'https://x.example/a.png' }] });
    let s = R.upsertMessage(base(), m);
    s = R.applyEvent(s, ev({ type: 'message_edited', conversationId: CID, messageId: 'e1', text: 'fixed', editCount: 1 }));
    expect(s.threads[CID]!.byId.get('e1')).toMatchObject({ text: 'fixed', editCount: 1 });
    expect(s.threads[CID]!.byId.get('e1')!.editedAt).toBeTypeOf('number');
    s = R.applyEvent(s, ev({ type: 'reaction', conversationId: CID, messageId: 'e1', action: 'react', by: 'customer', reaction: 'love', emoji: '❤️' }));
    expect(s.threads[CID]!.byId.get('e1')!.reactions).toEqual([expect.objectContaining({ by: 'customer', reaction: 'love' })]);
    s = R.applyEvent(s, ev({ type: 'reaction', conversationId: CID, messageId: 'e1', action: 'unreact', by: 'customer' }));
    expect(s.threads[CID]!.byId.get('e1')!.reactions).toEqual([]);
    s = R.applyEvent(s, ev({ type: 'message_deleted', conversationId: CID, messageId: 'e1' }));
    const gone = s.threads[CID]!.byId.get('e1')!;
    expect(gone.deleted).toBe(true);
    expect(gone.text).toBeUndefined();
    expect(gone.attachments).toEqual([]);
    expect(s.conversations[CID]!.lastMessage?.deleted).toBe(true);
  });

  it('a customer read marks outbound messages up to that one as seen; a business read clears unread', () => {
    const all = thread(6); // m3..m5 outbound
    let s = R.applyPage(base(), CID, { messages: all, nextBefore: null }, false);
    s = R.applyEvent(s, ev({ type: 'read', conversationId: CID, messageId: 'm4', by: 'customer' }));
    const t = s.threads[CID]!;
    expect(R.isSeen(t.byId.get('m3')!, t.seenUpTo)).toBe(true);
    expect(R.isSeen(t.byId.get('m4')!, t.seenUpTo)).toBe(true);
    expect(R.isSeen(t.byId.get('m5')!, t.seenUpTo)).toBe(false);
    expect(R.isSeen(t.byId.get('m0')!, t.seenUpTo)).toBe(false); // inbound is never "seen"
    s = R.applyEvent(s, ev({ type: 'read', conversationId: CID, messageId: 'm2', by: 'business' }));
    expect(s.conversations[CID]!.unreadCount).toBe(0);
  });

  it('conversation_updated replaces the row; unknown events change nothing', () => {
    const s = base();
    const conv = { ...CONVERSATIONS[1]!, unreadCount: 9 };
    expect(R.applyEvent(s, ev({ type: 'conversation_updated', conversationId: conv.id, conversation: conv })).conversations[conv.id]!.unreadCount).toBe(9);
    expect(R.applyEvent(s, ev({ type: 'unsupported', kind: 'pass_thread_control' }))).toBe(s);
  });
});

describe('optimistic sends', () => {
  const local = message({ id: 'local:c1', clientId: 'c1', direction: 'outbound', text: 'hi', status: 'sending', createdAt: Date.UTC(2026, 10, 21, 20) });

  it('send_status with a message id renames the placeholder in place', () => {
    let s = R.upsertMessage(base(), local);
    s = R.applyEvent(s, ev({ type: 'send_status', conversationId: CID, clientId: 'c1', status: 'sent', messageId: 'mid.1' }));
    const t = s.threads[CID]!;
    expect(t.ids).toEqual(['mid.1']);
    expect(t.byId.get('mid.1')).toMatchObject({ status: 'sent', text: 'hi' });
    expect(t.byClientId.c1).toBe('mid.1');
  });

  it('an echo arriving first replaces the placeholder and is marked sent', () => {
    let s = R.upsertMessage(base(), local);
    const echo = message({ id: 'mid.2', clientId: 'c1', direction: 'outbound', text: 'hi', isEcho: true, status: undefined, createdAt: local.createdAt + 5 });
    delete (echo as { status?: unknown }).status;
    s = R.upsertMessage(s, echo);
    expect(s.threads[CID]!.ids).toEqual(['mid.2']);
    expect(s.threads[CID]!.byId.get('mid.2')!.status).toBe('sent');
    // ...and a later send_status for it does not resurrect the placeholder.
    s = R.applyEvent(s, ev({ type: 'send_status', conversationId: CID, clientId: 'c1', status: 'sent', messageId: 'mid.2' }));
    expect(s.threads[CID]!.ids).toEqual(['mid.2']);
  });

  it('an image echo that lands before the POST answer keeps its CDN url (the answer only knows the attachment id)', () => {
    const img = message({ id: 'local:c9', clientId: 'c9', direction: 'outbound', status: 'sending', attachments: [{ type: 'image', attachmentId: 'att.9' }], createdAt: local.createdAt });
    let s = R.upsertMessage(base(), img);
    const echo = message({ id: 'mid.9', direction: 'outbound', isEcho: true, status: 'sent', attachments: [{ type: 'image', url: 'https://cdn.example/9.png' }], createdAt: img.createdAt + 5 });
    s = R.upsertMessage(s, echo);
    const answer = message({ id: 'mid.9', clientId: 'c9', direction: 'outbound', status: 'sent', attachments: [{ type: 'image', attachmentId: 'att.9' }], createdAt: img.createdAt });
    s = R.upsertMessage(s, answer);
    expect(s.threads[CID]!.ids).toEqual(['mid.9']);
    expect(s.threads[CID]!.byId.get('mid.9')!.attachments).toEqual([{ type: 'image', url: 'https://cdn.example/9.png', attachmentId: 'att.9' }]);
    // An unsend still erases it.
    s = R.upsertMessage(s, { ...answer, deleted: true, attachments: [] });
    expect(s.threads[CID]!.byId.get('mid.9')!.attachments).toEqual([]);
  });

  it('an echo that arrived on its own (no clientId) is merged with the later confirmation, not duplicated', () => {
    let s = R.upsertMessage(base(), local);
    const echo = message({ id: 'mid.4', direction: 'outbound', text: 'hi', isEcho: true, status: 'sent', createdAt: local.createdAt + 5 });
    s = R.upsertMessage(s, echo);
    expect(s.threads[CID]!.ids).toEqual(['local:c1', 'mid.4']); // not recognisable yet
    s = R.upsertMessage(s, { ...echo, clientId: 'c1' }); // the proxy's answer names both
    expect(s.threads[CID]!.ids).toEqual(['mid.4']);
    expect(s.threads[CID]!.byId.get('mid.4')).toMatchObject({ clientId: 'c1', status: 'sent', isEcho: true });
    expect(s.threads[CID]!.byClientId).toEqual({ c1: 'mid.4' });
  });

  it('failed and uncertain carry their reason; sent never goes back', () => {
    let s = R.upsertMessage(base(), local);
    const reason = { code: 'window_closed', message: 'Window closed', category: 'window' as const };
    s = R.applySendStatus(s, CID, 'c1', 'failed', reason);
    expect(s.threads[CID]!.byId.get('local:c1')).toMatchObject({ status: 'failed', statusReason: reason });
    s = R.applySendStatus(s, CID, 'c1', 'sent', undefined, 'mid.3');
    s = R.applySendStatus(s, CID, 'c1', 'uncertain');
    expect(s.threads[CID]!.byId.get('mid.3')!.status).toBe('sent');
  });

  it('rekey and remove', () => {
    let s = R.upsertMessage(base(), local);
    s = R.rekeyLocalMessage(s, CID, 'c1', 'c2');
    expect(s.threads[CID]!.ids).toEqual(['local:c2']);
    expect(s.threads[CID]!.byClientId).toEqual({ c2: 'local:c2' });
    s = R.removeMessage(s, CID, 'local:c2');
    expect(s.threads[CID]!.ids).toEqual([]);
    expect(s.threads[CID]!.byClientId).toEqual({});
  });
});

describe('applyPage ordering', () => {
  it('sorts a page that arrives out of order', () => {
    const all = thread(4);
    const s = R.applyPage(base(), CID, { messages: [all[2]!, all[0]!, all[3]!, all[1]!], nextBefore: null }, false);
    expect(s.threads[CID]!.ids).toEqual(['m0', 'm1', 'm2', 'm3']);
  });
});
