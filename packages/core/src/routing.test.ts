import { describe, expect, it } from 'vitest';
import { classifyGraphError } from './errors';
import { handBackTarget, holderOf, META_INBOX_APP_IDS, routingAfterHandover, routingAfterStandby, routingSendPolicy } from './routing';

const apps = { appId: '1234567890123456' };
const INBOX = META_INBOX_APP_IDS[0]!;
const BOT = '555000111222333';

describe('routing state', () => {
  it('names the holder: the kit, Meta\'s inbox, another app, or nobody', () => {
    expect(holderOf(apps.appId, apps)).toBe('kit');
    expect(holderOf(INBOX, apps)).toBe('inbox');
    expect(holderOf(BOT, apps)).toBe('app');
    expect(holderOf(undefined, apps)).toBe('idle');
    expect(holderOf('42', { ...apps, inboxAppIds: ['42'] })).toBe('inbox');
  });

  it('follows take, pass, request and release', () => {
    const taken = routingAfterHandover(undefined, { action: 'take', previousAppId: apps.appId, newAppId: INBOX, at: 1 }, apps);
    expect(taken).toEqual({ holder: 'inbox', holderAppId: INBOX, previousAppId: apps.appId, since: 1 });
    expect(routingSendPolicy(taken)).toMatchObject({ allowed: false, code: 'thread_owned_elsewhere', holder: 'inbox' });

    const back = routingAfterHandover(taken, { action: 'take', previousAppId: INBOX, newAppId: apps.appId, at: 2 }, apps);
    expect(back).toMatchObject({ holder: 'kit', previousAppId: INBOX, since: 2 });
    expect(routingSendPolicy(back)).toEqual({ allowed: true });
    expect(handBackTarget(back, apps)).toBe(INBOX);

    const asked = routingAfterHandover(back, { action: 'request', requestedByAppId: BOT, metadata: 'vip', at: 3 }, apps);
    expect(asked).toMatchObject({ holder: 'kit', requestedByAppId: BOT, metadata: 'vip' });

    const passed = routingAfterHandover(asked, { action: 'pass', previousAppId: apps.appId, newAppId: BOT, at: 4 }, apps);
    expect(passed).toEqual({ holder: 'app', holderAppId: BOT, previousAppId: apps.appId, since: 4 });
    expect(routingSendPolicy(passed)).toMatchObject({ allowed: false, holder: 'app' });

    const released = routingAfterHandover(passed, { action: 'release', at: 5 }, apps);
    expect(released).toEqual({ holder: 'idle', previousAppId: BOT, since: 5 });
    expect(routingSendPolicy(released).allowed).toBe(true);
  });

  it('a standby delivery means some other app holds the thread', () => {
    expect(routingAfterStandby(undefined, 7)).toEqual({ holder: 'app', since: 7 });
    const inbox = { holder: 'inbox' as const, holderAppId: INBOX, since: 1 };
    expect(routingAfterStandby(inbox, 7)).toBe(inbox);
  });

  it('hands back to Meta\'s inbox when nobody else held the thread before', () => {
    expect(handBackTarget(undefined, apps)).toBe(INBOX);
    expect(handBackTarget({ holder: 'kit', previousAppId: BOT, since: 1 }, apps)).toBe(BOT);
  });

  it('Graph\'s routing errors classify as routing: 2018300 (with any code) and 100/2534037', () => {
    for (const e of [{ code: 10, error_subcode: 2018300 }, { code: 2018300 }, { code: 100, error_subcode: 2534037 }]) {
      expect(classifyGraphError({ error: e })).toMatchObject({ category: 'routing', retryable: false, userMessageKey: 'thread_owned_elsewhere' });
    }
    expect(classifyGraphError({ error: { code: 100, error_subcode: 2534025 } })).toMatchObject({ reason: 'private_reply_invalid', userMessageKey: 'private_reply_invalid' });
  });
});
