/**
 * Keyset paging shared by every store: rows are ordered newest first by (time, id) and a page
 * continues strictly below the last row's (time, id). Ids break ties so two messages in the same
 * millisecond are neither skipped nor repeated.
 */
import type { PageCursor } from './types';

/** Sort comparator: newest first, then id descending. */
export function compareDesc(aAt: number, aId: string, bAt: number, bId: string): number {
  if (aAt !== bAt) return bAt - aAt;
  return aId < bId ? 1 : aId > bId ? -1 : 0;
}

/** Whether (at, id) sorts strictly after the cursor in newest-first order (i.e. is older). */
export function isOlder(at: number, id: string, cursor: PageCursor): boolean {
  return at < cursor.at || (at === cursor.at && id < cursor.id);
}

/** Opaque, URL-safe cursor for clients (`before=`). */
export function encodeCursor(cursor: PageCursor): string {
  return Buffer.from(JSON.stringify([cursor.at, cursor.id]), 'utf8').toString('base64url');
}

/** Parses a client cursor; null when it is not one of ours. */
export function decodeCursor(value: string): PageCursor | null {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === 2 && Number.isFinite(parsed[0]) && typeof parsed[1] === 'string') {
      return { at: parsed[0] as number, id: parsed[1] };
    }
  } catch {
    // fall through
  }
  return null;
}
