/**
 * What a Graph call does, as a bounded name for metrics labels and span attributes — never which
 * ids it touched (a path holds account and customer ids).
 */
export type GraphCallClass = 'send' | 'upload' | 'conversations' | 'profile' | 'comments' | 'media' | 'routing' | 'read';

export function graphCallClass(method: string, url: URL): GraphCallClass {
  const last = url.pathname.split('/').filter(Boolean).at(-1) ?? '';
  if (last === 'messages' && method === 'POST') return 'send';
  if (last === 'message_attachments') return 'upload';
  // Public replies and hide/unhide (graph/comment-calls.ts); private replies are sends.
  if (method === 'POST' && (last === 'replies' || url.searchParams.has('hide'))) return 'comments';
  // Conversation Routing's control calls (routing/routes.ts).
  if (last.endsWith('_thread_control') || last === 'thread_owner') return 'routing';
  if (last === 'conversations' || last === 'messages') return 'conversations';
  if (method === 'GET' && url.searchParams.get('fields')?.includes('profile_pic')) return 'profile';
  // The once-per-post media read (graph/comment-calls.ts `media`).
  if (method === 'GET' && url.searchParams.get('fields')?.includes('thumbnail_url')) return 'media';
  return 'read';
}
