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
  ],
  instagram: ['instagram_business_basic', 'instagram_business_manage_messages'],
};

/** Permission a send needs, per flavor (reference §1.1). */
export const MESSAGING_PERMISSION: Record<SandboxAccount['flavor'], string> = {
  page: 'instagram_manage_messages',
  instagram: 'instagram_business_manage_messages',
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
];

export function normalizeAccount(o: SandboxAccountOptions): SandboxAccount {
  if (!o || typeof o.id !== 'string' || !/^[0-9A-Za-z_-]+$/.test(o.id)) {
    throw new TypeError(`createGraphSandbox: account id must be a non-empty id string (digits), got ${JSON.stringify(o?.id)}`);
  }
  if (o.flavor !== 'page' && o.flavor !== 'instagram') {
    throw new TypeError(`createGraphSandbox: account ${o.id} flavor must be 'page' or 'instagram', got ${JSON.stringify(o.flavor)}`);
  }
  if (typeof o.token !== 'string' || o.token.length < 8) {
    throw new TypeError(`createGraphSandbox: account ${o.id} needs a token string of at least 8 characters`);
  }
  const igUserId = o.igUserId ?? (o.flavor === 'instagram' ? o.id : `17841${o.id}`);
  return {
    id: o.id,
    flavor: o.flavor,
    token: o.token,
    igUserId,
    ...(o.pageId === undefined ? {} : { pageId: o.pageId }),
    name: o.name ?? `Sandbox ${o.flavor === 'page' ? 'Page' : 'Account'} ${o.id}`,
    username: o.username ?? `sandbox_${o.id}`,
    requireAppsecretProof: o.requireAppsecretProof ?? false,
    permissions: new Set(o.permissions ?? DEFAULT_PERMISSIONS[o.flavor]),
    humanAgent: o.humanAgent ?? true,
    multiImage: o.multiImage ?? true,
    subscribedFields: new Set(o.subscribedFields ?? DEFAULT_SUBSCRIBED_FIELDS),
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
export function publicAccount(a: SandboxAccount) {
  return {
    id: a.id,
    flavor: a.flavor,
    igUserId: a.igUserId,
    pageId: a.pageId,
    name: a.name,
    username: a.username,
    requireAppsecretProof: a.requireAppsecretProof,
    permissions: [...a.permissions],
    humanAgent: a.humanAgent,
    multiImage: a.multiImage,
    subscribedFields: [...a.subscribedFields],
    tokenState: a.tokenState,
  };
}
