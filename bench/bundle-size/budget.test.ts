import { expect, it } from 'vitest';
import { BUDGET, measureKitBundle } from './measure';

// A size budget, not a timing assertion: bytes are deterministic for a given lockfile.
it('keeps the JS <Inbox> needs to mount under 20 KB gzip above React (40 KB with a conversation open), the CSS under 7 KB, and the heavy parts on demand', async () => {
  const size = await measureKitBundle();
  const from = (chunks: { contents: { from: string }[] }[]) => chunks.flatMap((c) => c.contents.map((m) => m.from));
  const initial = from(size.initial.chunks);
  const later = from(size.onDemand);

  expect(size.initial.jsBytes).toBeGreaterThan(10_000); // the bundle really contains the kit
  expect(initial).toContain('packages/components/src/inbox/Inbox.tsx');
  expect(initial).toContain('packages/components/src/i18n/en.ts');
  expect(size.initial.jsGzip).toBeLessThanOrEqual(BUDGET.jsGzip);
  expect(size.css.gzip).toBeLessThanOrEqual(BUDGET.cssGzip);

  // What the budget relies on: Radix, the picker's checks and strings, Italian and German, and the
  // comments view arrive on demand…
  const lazyParts = [
    '@radix-ui/react-dialog',
    'packages/core/src/media.ts',
    'packages/components/src/i18n/picker.ts',
    'packages/components/src/i18n/it.ts',
    'packages/components/src/i18n/de.ts',
    'packages/components/src/comments/CommentsView.tsx',
    'packages/components/src/i18n/comments.ts',
    'packages/components/src/comments/CommentReplyCard.tsx',
  ];
  for (const lazy of lazyParts) {
    expect(initial, lazy).not.toContain(lazy);
    expect(later, lazy).toContain(lazy);
  }
  // …and the conversation pane (thread with its scroll model + composer) is one chunk the Inbox
  // prefetches on mount, not scattered pieces.
  const pane = size.onDemand.find((c) => c.name === 'ConversationPane');
  expect(from(pane ? [pane] : [])).toEqual(expect.arrayContaining(['packages/components/src/thread/anchoredList.ts', 'packages/components/src/ThreadView.tsx', 'packages/components/src/composer/ComposerView.tsx']));
  // The comments view and the private reply's card are not part of the pane either.
  for (const comments of ['packages/components/src/comments/CommentsView.tsx', 'packages/components/src/comments/CommentReplyCard.tsx', 'packages/components/src/i18n/comments.ts']) expect(from(pane ? [pane] : []), comments).not.toContain(comments);
  expect(size.initial.jsGzip + (pane?.gzip ?? Infinity)).toBeLessThanOrEqual(BUDGET.openJsGzip);
  // The saved-reply picker (and its strings) arrive when `/` is first typed, not with the pane.
  for (const lazy of ['packages/components/src/saved-replies/SavedReplyPicker.tsx', 'packages/components/src/i18n/saved-replies.ts', 'packages/core/src/saved-replies.ts']) {
    expect(from(pane ? [pane] : []), lazy).not.toContain(lazy);
    expect(initial, lazy).not.toContain(lazy);
    expect(later, lazy).toContain(lazy);
  }
}, 120_000);
