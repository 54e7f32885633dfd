/**
 * createKitProxy refuses a misspelt or mistyped option at startup, naming it, and the schema
 * knows exactly the keys KitProxyOptions documents (a new option cannot be added to one only).
 */
import pino from 'pino';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { allowAll } from './http/authorize';
import type { kitProxyOptionsSchema } from './options';
import { createKitProxy, type KitProxyOptions } from './proxy';
import { memoryStore } from './store/memory';

const valid = (): KitProxyOptions => ({
  accounts: [{ id: '1784', flavor: 'instagram', token: 'IGAA-test-token' }],
  appSecret: 'app-secret-123',
  verifyToken: 'verify-me',
  authorize: allowAll,
  store: memoryStore(),
  logger: false,
  backfill: false,
  profiles: false,
});

const start = (patch: Record<string, unknown>) => () => createKitProxy({ ...valid(), ...patch } as KitProxyOptions);

describe('createKitProxy options', () => {
  it('starts with every option spelt right', async () => {
    const kit = createKitProxy({
      ...valid(),
      logger: pino({ level: 'silent' }),
      graph: { version: 'v26.0', timeoutMs: 5_000 },
      outbox: { waitMs: 100, retry: { baseMs: 10, capMs: 100 } },
      webhook: { maxBytes: 1_000_000 },
      events: { heartbeatMs: 5_000, maxBufferedBytes: 256 * 1024 },
      senderActions: { markSeenOnOpen: (id) => id !== 'x' },
      uploads: { mode: { page: 'upload' } },
      rateLimits: { text: { limit: 50, intervalMs: 1_000 } },
      disclosure: { text: { en: 'You are talking to a bot.' } },
      consent: { optOutKeywords: ['stop'] },
      forward: { timeoutMs: 1_000 },
      routing: { appId: '1234567890123456', sendWhenNotOwner: 'take' },
    });
    await kit.close();
  });

  it('names a misspelt option and the one it probably meant, at any depth', () => {
    const { accounts, ...rest } = valid();
    expect(() => createKitProxy({ ...rest, acounts: accounts } as unknown as KitProxyOptions)).toThrow(
      /unknown option `acounts`\. Did you mean `accounts`\? Accepted: `accounts`, `appSecret`/,
    );
    expect(start({ outbox: { waitMS: 100 } })).toThrow(/unknown option `outbox\.waitMS` in `outbox`\. Did you mean `waitMs`\?/);
    expect(start({ accounts: [{ id: '1', flavor: 'instagram', token: 't', flavour: 'page' }] })).toThrow(/unknown option `accounts\[0\]\.flavour`.*Did you mean `flavor`\?/);
    expect(start({ backfill: { maxConversation: 5 } })).toThrow(/unknown option `backfill\.maxConversation`.*Did you mean `maxConversations`\?/);
    expect(start({ webhooks: {} })).toThrow(/Did you mean `webhook`\?/);
  });

  it('names a mistyped option and what it must be', () => {
    expect(start({ accounts: 5 })).toThrow('createKitProxy: `accounts` must be a list of { id, flavor, token }.');
    expect(start({ appSecret: 42 })).toThrow(/`appSecret` must be the App Secret/);
    expect(start({ verifyToken: undefined })).toThrow(/`verifyToken` is required: the Verify Token/);
    expect(start({ outbox: { waitMs: '2s' } })).toThrow('createKitProxy: `outbox.waitMs` must be a number of milliseconds.');
    expect(start({ webhook: { maxAttempts: 1.5 } })).toThrow('createKitProxy: `webhook.maxAttempts` must be a whole number.');
    expect(start({ events: { maxBufferedBytes: '1mb' } })).toThrow('createKitProxy: `events.maxBufferedBytes` must be a whole number.');
    expect(start({ events: { maxBufferedBytes: 1024 } })).toThrow(/`events\.maxBufferedBytes` must be at least 131072/);
    expect(start({ events: { maxBufferBytes: 1024 } })).toThrow(/unknown option `events\.maxBufferBytes`.*Did you mean `maxBufferedBytes`\?/);
    expect(start({ authorize: true })).toThrow('createKitProxy: `authorize` must be a function.');
    expect(start({ uploads: { mode: { page: 'ftp' } } })).toThrow(/`uploads\.mode\.page`/);
    expect(start({ backfill: true })).toThrow('createKitProxy: `backfill` must be false or { enabled, maxConversations, retry }.');
    expect(start({ routing: { sendWhenNotOwner: 'steal' } })).toThrow(
      'createKitProxy: `routing.sendWhenNotOwner` must be \'refuse\' (the default: a send to a thread another app holds is refused with 409) or \'take\' (the kit takes the thread, then sends), got "steal".',
    );
    expect(start({ routing: { sendWhenNotOwner: true } })).toThrow(/`routing\.sendWhenNotOwner` must be 'refuse'.*got true/);
    expect(start({ routing: { sendWhenNotOwnr: 'take' } })).toThrow(/unknown option `routing\.sendWhenNotOwnr`.*Did you mean `sendWhenNotOwner`\?/);
    expect(() => createKitProxy(undefined as unknown as KitProxyOptions)).toThrow(/pass an options object/);
  });

  it('checks exactly the keys KitProxyOptions documents', () => {
    expectTypeOf<keyof typeof kitProxyOptionsSchema.shape>().toEqualTypeOf<keyof KitProxyOptions>();
  });
});
