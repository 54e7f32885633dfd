/**
 * Saved replies: texts an agent keeps under a short name and inserts by typing `/name` in the
 * composer. One rule for both sides — the proxy refuses a template with a variable this file does
 * not know, and the composer expands the same variables with the customer's data — so a template
 * the proxy accepted always expands completely in the browser.
 *
 * A variable is a name in braces, `{first_name}`. Anything else in braces that looks like a name
 * (`{firstname}`, `{Name}`) is an unknown variable, refused when saved. Braces around anything
 * else (`{ }`, `{:-)}`, JSON) are plain text.
 */
import type { KitCustomer } from './types';
import { utf8ByteLength } from './text';

/** The variables a saved reply may use, and where each value comes from. */
export const SAVED_REPLY_VARIABLES = ['first_name', 'full_name', 'username'] as const;
export type SavedReplyVariable = (typeof SAVED_REPLY_VARIABLES)[number];
export type SavedReplyValues = Partial<Record<SavedReplyVariable, string>>;

/** A shortcut: what the agent types after `/`. Lower-case letters, digits, `-` and `_`, 1–32 long. */
export const SAVED_REPLY_SHORTCUT_PATTERN = /^[a-z0-9][a-z0-9_-]{0,31}$/;
/**
 * A template may be longer than one message (the composer offers to split the expanded text),
 * but not more than the composer's split preview shows: four messages' worth.
 */
export const SAVED_REPLY_TEXT_MAX_BYTES = 4000;
/** Saved replies per account: a picker, not a knowledge base. */
export const SAVED_REPLIES_PER_ACCOUNT_MAX = 200;

/** A saved reply as the proxy stores and answers it. */
export interface KitSavedReply {
  id: string;
  accountId: string;
  /** Unique per account; typed after `/`. */
  shortcut: string;
  /** The template, with `{variables}`. */
  text: string;
  createdAt: number;
  updatedAt: number;
}

/** `{name}` where name looks like an identifier: the only brace form that counts as a variable. */
const VARIABLE = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

const known = (name: string): name is SavedReplyVariable => (SAVED_REPLY_VARIABLES as readonly string[]).includes(name);

/** The names in `{braces}` that are not saved-reply variables, each once, in order of appearance. */
export function unknownVariables(text: string): string[] {
  const unknown = new Set<string>();
  for (const m of text.matchAll(VARIABLE)) if (!known(m[1]!)) unknown.add(m[1]!);
  return [...unknown];
}

export type SavedReplyIssue =
  | { field: 'shortcut'; code: 'invalid_shortcut' }
  | { field: 'text'; code: 'empty_text' | 'text_too_long' }
  | { field: 'text'; code: 'unknown_variables'; variables: string[] };

/** What is wrong with a saved reply (or its changed fields), first problem per field; empty when fine. */
export function checkSavedReply(reply: { shortcut?: string; text?: string }): SavedReplyIssue[] {
  const issues: SavedReplyIssue[] = [];
  if (reply.shortcut !== undefined && !SAVED_REPLY_SHORTCUT_PATTERN.test(reply.shortcut))
    issues.push({ field: 'shortcut', code: 'invalid_shortcut' });
  if (reply.text !== undefined) {
    const unknown = unknownVariables(reply.text);
    if (reply.text.trim() === '') issues.push({ field: 'text', code: 'empty_text' });
    else if (utf8ByteLength(reply.text) > SAVED_REPLY_TEXT_MAX_BYTES)
      issues.push({ field: 'text', code: 'text_too_long' });
    else if (unknown.length) issues.push({ field: 'text', code: 'unknown_variables', variables: unknown });
  }
  return issues;
}

/** The variables' values for one customer (the conversation's profile, when the proxy has read it). */
export function savedReplyValues(customer: KitCustomer | undefined): SavedReplyValues {
  const name = customer?.name?.trim();
  return {
    ...(name ? { full_name: name, first_name: name.split(/\s+/)[0]! } : {}),
    ...(customer?.username ? { username: customer.username } : {}),
  };
}

/**
 * The text to insert: each known variable replaced by its value. A variable without a value (a
 * profile not read yet) becomes nothing, and takes the space before it along when punctuation or
 * the end follows, so "Hi {first_name}, thanks" reads "Hi, thanks" rather than "Hi , thanks".
 * Unknown names stay as written (the proxy never stores them).
 */
export function expandSavedReply(text: string, values: SavedReplyValues): string {
  return text.replace(
    /( ?)\{([A-Za-z_][A-Za-z0-9_]*)\}(?=([\s\S]?))/g,
    (whole, space: string, name: string, next: string) => {
      if (!known(name)) return whole;
      const value = values[name];
      if (value) return space + value;
      return next === '' || /[,.!?;:)]/.test(next) ? '' : space;
    },
  );
}

/** Saved replies whose shortcut starts with what was typed after `/` first, then those containing it. */
export function matchSavedReplies<R extends { shortcut: string }>(replies: readonly R[], query: string): R[] {
  const q = query.toLowerCase();
  const starts = replies.filter((r) => r.shortcut.startsWith(q));
  return [...starts, ...replies.filter((r) => !r.shortcut.startsWith(q) && r.shortcut.includes(q))];
}
