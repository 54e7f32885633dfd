/**
 * Graph's error envelope (reference §4.1) and the exact errors the sandbox answers with
 * (reference §4.2–§4.3, §3.3). Every error a handler can produce is built here, so the table in
 * the README and the behaviour cannot drift apart.
 *
 * HTTP status: Meta's Instagram error table uses 400 for its rows (reference §4.1), so client
 * errors are 400 — callers must classify by `code`/`error_subcode`, which is the point. Server
 * faults are 500/503.
 */

import { randomBytes } from 'node:crypto';

export type GraphErrorType = 'OAuthException' | 'GraphMethodException' | 'IGApiException';

export interface GraphErrorEnvelope {
  error: {
    message: string;
    type: GraphErrorType;
    code: number;
    error_subcode?: number;
    is_transient?: boolean;
    error_user_title?: string;
    error_user_msg?: string;
    fbtrace_id: string;
  };
}

export class GraphError extends Error {
  readonly status: number;
  readonly type: GraphErrorType;
  readonly code: number;
  readonly subcode: number | undefined;
  readonly transient: boolean;

  constructor(
    status: number,
    type: GraphErrorType,
    code: number,
    message: string,
    subcode?: number,
    transient = false,
  ) {
    super(message);
    this.name = 'GraphError';
    this.status = status;
    this.type = type;
    this.code = code;
    this.subcode = subcode;
    this.transient = transient;
  }

  toBody(fbtraceId: string = newFbtraceId()): GraphErrorEnvelope {
    return {
      error: {
        message: this.message,
        type: this.type,
        code: this.code,
        ...(this.subcode === undefined ? {} : { error_subcode: this.subcode }),
        is_transient: this.transient,
        fbtrace_id: fbtraceId,
      },
    };
  }
}

/** fbtrace ids look like `AbC1dEf2GhI3jK` — opaque, random per response. */
export function newFbtraceId(): string {
  return randomBytes(9).toString('base64').replace(/[+/=]/g, 'x');
}

const oauth = (code: number, message: string, subcode?: number, status = 400) =>
  new GraphError(status, 'OAuthException', code, message, subcode);

/** Every error the sandbox returns, named after what happened. */
export const errors = {
  // --- tokens and auth (reference §4.2, §7.2) ---
  missingToken: () => oauth(104, 'An access token is required to request this resource.'),
  invalidToken: () => oauth(190, 'Invalid OAuth access token - Cannot parse access token', 467),
  expiredToken: (at: number) =>
    oauth(
      190,
      `Error validating access token: Session has expired on ${new Date(at).toUTCString()}. The current time is later.`,
      463,
    ),
  revokedToken: () =>
    oauth(190, 'Error validating access token: The user has not authorized application.', 458),
  appsecretProofRequired: () =>
    new GraphError(400, 'GraphMethodException', 100, 'API calls from the server require an appsecret_proof argument'),
  invalidAppsecretProof: () =>
    new GraphError(400, 'GraphMethodException', 100, 'Invalid appsecret_proof provided in the API argument'),
  expiredAppsecretTime: () =>
    new GraphError(400, 'GraphMethodException', 100, 'The appsecret_time is too old. Generate a new appsecret_proof.'),
  missingPermission: (permission: string) =>
    oauth(10, `(#10) Application does not have permission for this action (requires ${permission})`),
  humanAgentNotApproved: () =>
    oauth(10, '(#10) This app is not approved for the Human Agent feature (HUMAN_AGENT tag).'),

  // --- routing (Graph's generic "no such thing") ---
  unknownPath: (path: string) => oauth(2500, `Unknown path components: ${path}`),
  unsupportedRequest: (method: string, id: string) =>
    new GraphError(
      400,
      'GraphMethodException',
      100,
      `Unsupported ${method.toLowerCase()} request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`,
      33,
    ),

  // --- parameters (reference §4.3, code 100) ---
  missingParam: (name: string) => oauth(100, `(#100) The parameter ${name} is required`),
  invalidParam: (message: string, subcode?: number) => oauth(100, `(#100) ${message}`, subcode),
  textTooLong: (max: number) => oauth(100, `(#100) Length of param message[text] must be less than or equal to ${max}`),
  invalidMessageData: (why: string) => oauth(100, `(#100) Invalid message data: ${why}`, 2534015),
  deadTag: (tag: string) =>
    oauth(100, `(#100) Param tag must be one of {HUMAN_AGENT} for Instagram - got "${tag}" (this tag is no longer supported)`),
  invalidTag: (tag: string) => oauth(100, `(#100) Param tag must be one of {HUMAN_AGENT} for Instagram - got "${tag}"`),
  noMatchingUser: () => oauth(100, '(#100) No matching Instagram user', 2534014),

  // --- media (reference §1.5, §1.6) ---
  mediaFetchFailed: () =>
    oauth(100, "(#100) Failed to fetch the file from the url. Check the URL, its SSL certificate, the file size and the server's speed.", 2018008),
  mediaTypeMismatch: () => oauth(100, "(#100) Upload attempt failed: the media type doesn't match the file.", 2018047),
  attachmentTooLarge: () => oauth(100, '(#100) Attachment size exceeds allowable limit', 2018109),
  invalidAttachmentId: () => oauth(100, '(#100) Possible invalid ID or you do not own the attachment', 2018074),
  multiImageUnavailable: () =>
    oauth(100, 'Sending multiple images in one message is not available for this account yet.', 2534068),

  // --- private replies and comments (reference §2.4) ---
  privateReplyInvalid: (why: string) => oauth(100, `(#100) This comment is not valid for a private reply: ${why}`, 2534025),

  // --- conversation routing (reference §9.3, §4.3) ---
  threadControlledElsewhere: () =>
    oauth(10, '(#10) This conversation is controlled by another app. Take thread control before sending.', 2018300),
  notThreadOwner: () => oauth(100, '(#100) Your app is not the thread owner of this conversation.', 2534037),
  routingNotConfigured: () => oauth(100, '(#100) Conversation routing is not configured for this account.'),

  // --- window, recipients (reference §2, §4.3) ---
  outsideWindow: () => oauth(10, '(#10) This message is sent outside of allowed window.', 2534022),
  userUnavailable: () => oauth(551, "This person isn't available right now.", 1545041),
  profileConsentRequired: () => oauth(230, '(#230) User consent is required to access user profile'),
  messageDeleted: () => oauth(100, '(#100) This message has been deleted.', 9000001),

  // --- limits and faults (reference §3.3, §4.2) ---
  rateLimited: () => oauth(613, 'Calls to this api have exceeded the rate limit.', 2534040),
  unknownError: () => new GraphError(500, 'OAuthException', 1, 'An unknown error occurred', undefined, true),
  serviceUnavailable: () =>
    new GraphError(503, 'OAuthException', 2, 'An unexpected error has occurred. Please retry your request later.', undefined, true),
};
