/** Business accounts the sandbox serves: normalizing options, finding accounts by token or id. */

import type { SandboxAccount, SandboxAccountOptions } from './types';

/** Permissions each flavor needs for messaging (reference §1.1, §6.1, §5.4). */
export const DEFAULT_PERMISSIONS: Record<SandboxAccount['flavor'], string[]> = {
  page: [
    'instagram_basic',
    'instagram_manage_messages',
    'pages_manage_metadata',
    'pages_messaging',
    'pages_read_engagement',
    'pages_show_list',
    'instagram_manage_comments',
  ],
  instagram: ['instagram_business_basic', 'instagram_business_manage_messages', 'instagram_business_manage_comments'],
  // Unified Login uses Facebook-Login permission names (features-and-asks "Login flavors").
  unified: ['instagram_basic', 'instagram_manage_messages', 'instagram_manage_comments', 'business_management'],
};

/** Permission a send needs, per flavor (reference §1.1). */
export const MESSAGING_PERMISSION: Record<SandboxAccount['flavor'], string> = {
  page: 'instagram_manage_messages',
  instagram: 'instagram_business_manage_messages',
  unified: 'instagram_manage_messages',
};

/** Permission comment moderation and private replies need, per flavor (reference §2.4). */
export const COMMENTS_PERMISSION: Record<SandboxAccount['flavor'], string> = {
  page: 'instagram_manage_comments',
  instagram: 'instagram_business_manage_comments',
  unified: 'instagram_manage_comments',
};

/** Permission to read the account's media, per flavor. */
export const BASIC_PERMISSION: Record<SandboxAccount['flavor'], string> = {
  page: 'instagram_basic',
  instagram: 'instagram_business_basic',
  unified: 'instagram_basic',
};

/** Instagram webhook fields (reference §5.4). */
export const WEBHOOK_FIELDS = [
  'messages',
  'message_reactions',
  'messaging_seen',
  'messaging_postbacks',
  'messaging_referral',
  'messaging_optins',
  'messaging_handover',
  'standby',
  'message_edit',
  'comments',
  'live_comments',
  'mentions',
  'message_echoes',
  'messaging_policy_enforcement',
  'response_feedback',
] as const;

/** What a fresh account is subscribed to: every field the sandbox emits. */
export const DEFAULT_SUBSCRIBED_FIELDS = [
  'messages',
  'message_reactions',
  'messaging_seen',
  'messaging_postbacks',
  'messaging_referral',
  'messaging_optins',
  'message_edit',
  'messaging_handover',
  'standby',
  'comments',
  'live_comments',
  'mentions',
];

export function normalizeAccount(options: SandboxAccountOptions): SandboxAccount {
  if (!options || typeof options.id !== 'string' || !/^[0-9A-Za-z_-]+$/.test(options.id)) {
    throw new TypeError(`createGraphSandbox: account id must be a non-empty id string (digits), got ${JSON.stringify(options?.id)}`);
  }
  if (options.flavor !== 'page' && options.flavor !== 'instagram' && options.flavor !== 'unified') {
    throw new TypeError(`createGraphSandbox: account ${options.id} flavor must be 'page', 'instagram' or 'unified', got ${JSON.stringify(options.flavor)}`);
  }
  if (options.commentWebhooks !== undefined && options.commentWebhooks !== 'changes' && options.commentWebhooks !== 'flat') {
    throw new TypeError(`createGraphSandbox: account ${options.id} commentWebhooks must be 'changes' or 'flat'`);
  }
  if (typeof options.token !== 'string' || options.token.length < 8) {
    throw new TypeError(`createGraphSandbox: account ${options.id} needs a token string of at least 8 characters`);
  }
  const igUserId = options.igUserId ?? (options.flavor === 'page' ? `17841${options.id}` : options.id);
  return {
    id: options.id,
    flavor: options.flavor,
    token: options.token,
    igUserId,
    ...(options.pageId === undefined ? {} : { pageId: options.pageId }),
    name: options.name ?? `Sandbox ${options.flavor === 'page' ? 'Page' : 'Account'} ${options.id}`,
    conversationRouting: options.conversationRouting ?? true,
    ...(options.defaultAppId === undefined ? {} : { defaultAppId: options.defaultAppId }),
    commentWebhooks: options.commentWebhooks ?? (options.flavor === 'instagram' ? 'flat' : 'changes'),
    username: options.username ?? `sandbox_${options.id}`,
    requireAppsecretProof: options.requireAppsecretProof ?? false,
    permissions: new Set(options.permissions ?? DEFAULT_PERMISSIONS[options.flavor]),
    humanAgent: options.humanAgent ?? true,
    multiImage: options.multiImage ?? true,
    subscribedFields: new Set(options.subscribedFields ?? DEFAULT_SUBSCRIBED_FIELDS),
    tokenState: 'valid',
  };
}

export class AccountRegistry {
  private readonly byId = new Map<string, SandboxAccount>();
  private readonly byToken = new Map<string, SandboxAccount>();

  constructor(private readonly options: SandboxAccountOptions[]) {
    if (!Array.isArray(options) || options.length === 0) {
      throw new TypeError('createGraphSandbox: `accounts` must be a non-empty array of { id, flavor, token }');
    }
    this.reset();
  }

  reset(): void {
    this.byId.clear();
    this.byToken.clear();
    for (const o of this.options) {
      const a = normalizeAccount(o);
      if (this.byId.has(a.id)) throw new TypeError(`createGraphSandbox: duplicate account id ${a.id}`);
      if (this.byToken.has(a.token)) throw new TypeError(`createGraphSandbox: accounts ${a.id} and another share a token`);
      this.byId.set(a.id, a);
      this.byToken.set(a.token, a);
    }
  }

  list(): SandboxAccount[] {
    return [...this.byId.values()];
  }

  get(id: string): SandboxAccount | undefined {
    return this.byId.get(id);
  }

  /** Account by the id callers use, or by its IG user id (webhook-side id). */
  find(id: string): SandboxAccount | undefined {
    return this.byId.get(id) ?? this.list().find((a) => a.igUserId === id);
  }

  require(id: string): SandboxAccount {
    const a = this.find(id);
    if (!a) throw new Error(`Unknown sandbox account ${JSON.stringify(id)}; known: ${[...this.byId.keys()].join(', ')}`);
    return a;
  }

  byAccessToken(token: string): SandboxAccount | undefined {
    return this.byToken.get(token);
  }
}

/** Sandbox accounts as safe to show (no tokens): for the HTTP control API and logs. */
export function publicAccount(account: SandboxAccount) {
  return {
    id: account.id,
    flavor: account.flavor,
    igUserId: account.igUserId,
    pageId: account.pageId,
    name: account.name,
    username: account.username,
    requireAppsecretProof: account.requireAppsecretProof,
    permissions: [...account.permissions],
    humanAgent: account.humanAgent,
    multiImage: account.multiImage,
    subscribedFields: [...account.subscribedFields],
    conversationRouting: account.conversationRouting,
    tokenState: account.tokenState,
  };
}
