/**
 * Conversation search and filters (`GET /accounts/:id/conversations?q=&filter=`): what a query
 * matches, which filters exist and what each one means. Every store (memory scan, SQLite FTS5,
 * Postgres full-text) indexes `searchWords` and asks for `searchTerms`, so a query finds the
 * same conversations whichever store holds them, and the snippet marks what matched.
 *
 * The rule: text is cut into words (runs of letters and digits), folded (lower case, accents
 * removed: "Città" is "citta"); a query matches when every one of its words is the start of some
 * word of the text ("ord 123" finds "Order #12345"). A person matches the same way on their name
 * and @username together.
 */
import type { KitConversation, KitWindowStateName, Millis } from './types';
import { windowState } from './window';

/** The filters a conversation list takes (`filter=unread,needs_reply`); all given must hold. */
export const KIT_CONVERSATION_FILTERS = ['unread', 'needs_reply', 'open', 'human_agent', 'closed', 'opted_out'] as const;
export type KitConversationFilter = (typeof KIT_CONVERSATION_FILTERS)[number];
/** The filters that name a messaging-window state: at most one of them at a time. */
export const WINDOW_FILTERS: readonly KitWindowStateName[] = ['open', 'human_agent', 'closed'];

/** Longest query accepted, in UTF-16 code units. */
export const SEARCH_QUERY_MAX_CHARS = 200;
/** Words of a query beyond this many are ignored (each is one more index lookup). */
export const SEARCH_TERMS_MAX = 8;

/** Where a message matched a search: enough for a result row and to open the thread at it. */
export interface KitSearchMatch {
  messageId: string;
  createdAt: Millis;
  direction: 'inbound' | 'outbound';
  /** The message text around the first match, cut at word boundaries ("…" where cut). */
  snippet: string;
  /** `[start, end)` UTF-16 offsets into `snippet` of each matched word start, in order. */
  highlights: [number, number][];
}

const WORD = /[\p{L}\p{N}]+/gu;

interface Folded {
  text: string;
  /** For each UTF-16 unit of `text`: the original index of the character it came from. */
  from: number[];
  /** For each UTF-16 unit of `text`: the original index just after that character. */
  to: number[];
}

/** Lower case without accents, keeping a map back to the original offsets. */
function fold(text: string): Folded {
  let out = '';
  const from: number[] = [];
  const to: number[] = [];
  let i = 0;
  for (const ch of text) {
    const f = ch.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
    for (let k = 0; k < f.length; k++) {
      from.push(i);
      to.push(i + ch.length);
    }
    out += f;
    i += ch.length;
  }
  return { text: out, from, to };
}

/** The folded words of a text, in order: what a store indexes for a message or a person. */
export function searchWords(text: string): string[] {
  return fold(text).text.match(WORD) ?? [];
}

/** The distinct folded words of a query (at most `SEARCH_TERMS_MAX`); empty when it has none. */
export function searchTerms(query: string): string[] {
  return [...new Set(searchWords(query.slice(0, SEARCH_QUERY_MAX_CHARS)))].slice(0, SEARCH_TERMS_MAX);
}

/** Whether every term starts some word (the words of `searchWords`). */
export function wordsMatchTerms(words: readonly string[], terms: readonly string[]): boolean {
  return terms.length > 0 && terms.every((t) => words.some((w) => w.startsWith(t)));
}

/** The name and @username a person is found by, as one text. */
export function personSearchText(conversation: Pick<KitConversation, 'customer'>): string {
  return `${conversation.customer?.name ?? ''} ${conversation.customer?.username ?? ''}`;
}

/** The customer wrote last: the newest message of the thread is theirs. */
export function needsReply(conversation: Pick<KitConversation, 'lastMessage'>): boolean {
  return conversation.lastMessage?.direction === 'inbound';
}

/** Whether a conversation passes every filter at `now` (window states by `windowState`). */
export function conversationMatchesFilters(conversation: KitConversation, filters: readonly KitConversationFilter[], now: number): boolean {
  return filters.every((f) => {
    switch (f) {
      case 'unread':
        return conversation.unreadCount > 0;
      case 'needs_reply':
        return needsReply(conversation);
      case 'opted_out':
        return conversation.consent?.state === 'opted_out';
      default:
        return windowState({ lastInboundAt: conversation.lastInboundAt ?? null, now }).state === f;
    }
  });
}

/**
 * The part of `text` around its first matching word, at most about `maxChars` long, with every
 * matched word start in it marked. Null when no word of the text starts with a term.
 */
export function searchSnippet(text: string, terms: readonly string[], maxChars = 120): { snippet: string; highlights: [number, number][] } | null {
  const folded = fold(text);
  const hits: [number, number][] = []; // original [start, end) of each matched word start
  for (const m of folded.text.matchAll(WORD)) {
    const term = terms.filter((t) => m[0].startsWith(t)).sort((a, b) => b.length - a.length)[0];
    if (!term) continue;
    const start = m.index;
    hits.push([folded.from[start]!, folded.to[start + term.length - 1]!]);
  }
  const first = hits[0];
  if (!first) return null;
  // Start a little before the first match, at a word boundary; end at one too.
  let start = Math.max(0, first[0] - Math.floor(maxChars / 3));
  if (start > 0) {
    const space = text.slice(start, first[0]).search(/\s/);
    start = space === -1 ? first[0] : start + space + 1;
  }
  let end = Math.min(text.length, start + maxChars);
  if (end < text.length) {
    const space = text.slice(first[1], end).search(/\s\S*$/);
    if (space !== -1) end = first[1] + space;
  }
  end = Math.max(end, first[1]);
  // Never cut a surrogate pair.
  if (start > 0 && /[\uDC00-\uDFFF]/.test(text[start] ?? '')) start--;
  if (end < text.length && /[\uDC00-\uDFFF]/.test(text[end] ?? '')) end++;
  const lead = start > 0 ? '…' : '';
  const snippet = `${lead}${text.slice(start, end).trim()}${end < text.length ? '…' : ''}`;
  const shift = lead.length - start - (text.slice(start, end).length - text.slice(start, end).trimStart().length);
  const highlights = hits.filter(([s, e]) => s >= start && e <= end).map(([s, e]): [number, number] => [s + shift, e + shift]);
  return { snippet, highlights };
}
