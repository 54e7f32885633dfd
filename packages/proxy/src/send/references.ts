/**
 * Ids a send points at must belong to the sending account. A send under account A carrying B's
 * `replyTo` mid, attachment id or post id used to be queued and only Graph refused it — after
 * the agent saw it "queued", and after A's token had been used to probe B's ids. Each is checked
 * before anything is written, and refused with 422 `foreign_reference`:
 * - `replyTo`: a message of this very conversation in the store;
 * - `attachmentId`: minted by this account's upload. POST /accounts/:id/attachments answers Meta's
 *   id bound to the account by an HMAC (`<metaId>_<mac>`), so every instance verifies it without
 *   a lookup, across restarts, and nobody can bind another account's id to theirs;
 * - `share.mediaId`: a post of the account. Graph answers a media node only to its owner, so the
 *   proxy reads it once with the account's own token and remembers the answer.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { KitHttpError } from '../http/errors';
import { GraphApiError, type GraphClient } from '../graph/client';
import type { StoreOps } from '../store/types';
import type { SendBody } from './validate';

const foreign = (message: string) => new KitHttpError(422, 'foreign_reference', message, { category: 'invalid_request' });

const BOUND_ID_RE = /^(\d{1,40})_([A-Za-z0-9_-]{22})$/;

/** Attachment ids bound to the account that uploaded them. Keys derive from every app secret (rotation). */
export class AttachmentIds {
  private readonly keys: Buffer[];
  constructor(secrets: readonly string[]) {
    this.keys = secrets.map((s) => createHmac('sha256', s).update('kit-attachment-id-v1').digest());
  }

  private mac(key: Buffer, accountId: string, metaId: string): string {
    return createHmac('sha256', key).update(`${accountId}\n${metaId}`).digest('base64url').slice(0, 22);
  }

  /** The id the upload route answers for Meta's `attachment_id`. */
  bind(accountId: string, metaId: string): string {
    return `${metaId}_${this.mac(this.keys[0] as Buffer, accountId, metaId)}`;
  }

  /** Meta's id inside a bound id, or null when it was not minted for this account. */
  open(accountId: string, id: string): string | null {
    const m = BOUND_ID_RE.exec(id);
    if (!m) return null;
    const got = Buffer.from(m[2] as string);
    for (const key of this.keys) {
      const want = Buffer.from(this.mac(key, accountId, m[1] as string));
      if (want.length === got.length && timingSafeEqual(want, got)) return m[1] as string;
    }
    return null;
  }
}

/** Meta's id of an attachment id that passed `checkReferences` (bound ids carry it before the `_`). */
export const metaAttachmentId = (id: string): string => BOUND_ID_RE.exec(id)?.[1] ?? id;

export interface ReferenceChecks {
  attachmentIds: AttachmentIds;
  graph: GraphClient;
}

/** Post ids known to belong to an account (ownership never changes). Bounded: oldest out first. */
const OWNED_POSTS_MAX = 10_000;

export function referenceChecker(d: ReferenceChecks) {
  const ownedPosts = new Set<string>();

  async function ownsPost(accountId: string, mediaId: string): Promise<boolean> {
    const key = `${accountId}\n${mediaId}`;
    if (ownedPosts.has(key)) return true;
    try {
      const { data } = await d.graph.request(accountId, { path: mediaId, query: { fields: 'id' } });
      if ((data as { id?: unknown } | null)?.id !== mediaId) return false;
    } catch (err) {
      // Graph refuses another account's media as a missing node (100/33) or a permission error.
      if (err instanceof GraphApiError && (err.classification.category === 'invalid_request' || err.classification.category === 'permission')) return false;
      // Anything else (network, throttling) proves nothing either way: let Meta judge the send.
      return true;
    }
    if (ownedPosts.size >= OWNED_POSTS_MAX) ownedPosts.delete(ownedPosts.values().next().value as string);
    ownedPosts.add(key);
    return true;
  }

  /** Throws 422 foreign_reference naming the first id that is not the account's. */
  return async function checkReferences(store: Pick<StoreOps, 'getMessage'>, accountId: string, conversationId: string, body: SendBody): Promise<void> {
    if (body.replyTo) {
      const target = await store.getMessage(accountId, body.replyTo);
      if (!target || target.conversationId !== conversationId) {
        throw foreign(`replyTo ${body.replyTo} is not a message of this conversation. Reply to a message the customer's thread shows under account ${accountId}.`);
      }
    }
    for (const [i, a] of (body.attachments ?? []).entries()) {
      if (a.attachmentId !== undefined && d.attachmentIds.open(accountId, a.attachmentId) === null) {
        throw foreign(
          `attachments[${i}].attachmentId was not uploaded by account ${accountId}. Upload the file with POST /accounts/${accountId}/attachments and send the attachment it answers.`,
        );
      }
    }
    if (body.share && !(await ownsPost(accountId, body.share.mediaId))) {
      throw foreign(`share.mediaId ${body.share.mediaId} is not a post of account ${accountId}. Only the account's own posts can be shared.`);
    }
  };
}

export type CheckReferences = ReturnType<typeof referenceChecker>;
