import { describe, expect, it } from 'vitest';
import { DAY_MS, HOUR_MS, HUMAN_AGENT_WINDOW_MS, STANDARD_WINDOW_MS } from './limits';
import { nextWindowChangeAt, sendPolicy, windowState, type WindowState } from './window';

const T = Date.UTC(2026, 8, 1, 12, 0, 0); // customer's last message

describe('windowState', () => {
  it('uses 24 h and 7 d (reference §2.1, §2.2)', () => {
    expect(STANDARD_WINDOW_MS).toBe(86_400_000);
    expect(HUMAN_AGENT_WINDOW_MS).toBe(604_800_000);
  });

  it.each<[string, number, WindowState]>([
    [
      'at the moment of the message',
      0,
      { state: 'open', closesAt: T + DAY_MS, humanAgentClosesAt: T + 7 * DAY_MS, remainingMs: DAY_MS },
    ],
    [
      '1 ms later',
      1,
      { state: 'open', closesAt: T + DAY_MS, humanAgentClosesAt: T + 7 * DAY_MS, remainingMs: DAY_MS - 1 },
    ],
    [
      '23 h 59 m 59.999 s later',
      DAY_MS - 1,
      { state: 'open', closesAt: T + DAY_MS, humanAgentClosesAt: T + 7 * DAY_MS, remainingMs: 1 },
    ],
    ['exactly 24 h later', DAY_MS, { state: 'human_agent', closesAt: T + 7 * DAY_MS, remainingMs: 6 * DAY_MS }],
    ['24 h + 1 ms later', DAY_MS + 1, { state: 'human_agent', closesAt: T + 7 * DAY_MS, remainingMs: 6 * DAY_MS - 1 }],
    ['3 days later', 3 * DAY_MS, { state: 'human_agent', closesAt: T + 7 * DAY_MS, remainingMs: 4 * DAY_MS }],
    ['7 d − 1 ms later', 7 * DAY_MS - 1, { state: 'human_agent', closesAt: T + 7 * DAY_MS, remainingMs: 1 }],
    ['exactly 7 d later', 7 * DAY_MS, { state: 'closed', closedAt: T + 7 * DAY_MS }],
    ['7 d + 1 ms later', 7 * DAY_MS + 1, { state: 'closed', closedAt: T + 7 * DAY_MS }],
    ['a year later', 365 * DAY_MS, { state: 'closed', closedAt: T + 7 * DAY_MS }],
  ])('%s', (_label, elapsed, expected) => {
    expect(windowState({ lastInboundAt: T, now: T + elapsed })).toEqual(expected);
  });

  it('is closed when the customer never wrote', () => {
    expect(windowState({ now: T })).toEqual({ state: 'closed' });
    expect(windowState({ lastInboundAt: null, now: T })).toEqual({ state: 'closed' });
    expect(windowState({ lastInboundAt: Number.NaN, now: T })).toEqual({ state: 'closed' });
  });

  it('treats a message time slightly in the future (clock skew) as just now', () => {
    const s = windowState({ lastInboundAt: T + 5000, now: T });
    expect(s.state).toBe('open');
    if (s.state === 'open') expect(s.closesAt).toBe(T + 5000 + DAY_MS);
  });

  it('tells when the state changes next', () => {
    expect(nextWindowChangeAt(windowState({ lastInboundAt: T, now: T + HOUR_MS }))).toBe(T + DAY_MS);
    expect(nextWindowChangeAt(windowState({ lastInboundAt: T, now: T + 2 * DAY_MS }))).toBe(T + 7 * DAY_MS);
    expect(nextWindowChangeAt(windowState({ lastInboundAt: T, now: T + 8 * DAY_MS }))).toBeNull();
  });
});

describe('sendPolicy', () => {
  const open = windowState({ lastInboundAt: T, now: T + HOUR_MS });
  const humanAgent = windowState({ lastInboundAt: T, now: T + 2 * DAY_MS });
  const closed = windowState({ lastInboundAt: T, now: T + 8 * DAY_MS });
  const never = windowState({ now: T });

  it.each([
    ['open, human', open, {}, { allowed: true }],
    ['open, automated', open, { automated: true }, { allowed: true }],
    ['open, human asks for HUMAN_AGENT (not needed, dropped)', open, { tag: 'HUMAN_AGENT' }, { allowed: true }],
    [
      'human_agent, human with explicit tag',
      humanAgent,
      { tag: 'HUMAN_AGENT', automated: false },
      { allowed: true, tag: 'HUMAN_AGENT' },
    ],
    ['state names work too', 'human_agent' as const, { tag: 'HUMAN_AGENT' }, { allowed: true, tag: 'HUMAN_AGENT' }],
  ])('%s → allowed', (_label, window, opts, expected) => {
    expect(sendPolicy({ window, ...opts })).toEqual(expected);
  });

  it.each([
    ['human_agent, automated', humanAgent, { automated: true }, 'automated_outside_window'],
    ['human_agent, human without the tag (never added silently)', humanAgent, {}, 'human_agent_tag_required'],
    [
      'human_agent, automated with HUMAN_AGENT',
      humanAgent,
      { automated: true, tag: 'HUMAN_AGENT' },
      'automated_human_agent',
    ],
    ['open, automated with HUMAN_AGENT', open, { automated: true, tag: 'HUMAN_AGENT' }, 'automated_human_agent'],
    [
      'human_agent, app without the Human Agent feature',
      humanAgent,
      { humanAgentEnabled: false, tag: 'HUMAN_AGENT' },
      'human_agent_unavailable',
    ],
    ['closed after 7 days, human', closed, {}, 'window_closed'],
    ['closed after 7 days, human with HUMAN_AGENT', closed, { tag: 'HUMAN_AGENT' }, 'window_closed'],
    ['closed after 7 days, automated', closed, { automated: true }, 'window_closed'],
    ['never opened', never, {}, 'window_closed'],
    ['a Messenger-only tag', open, { tag: 'ACCOUNT_UPDATE' }, 'invalid_tag'],
  ])('%s → refused (%s)', (_label, window, opts, code) => {
    const p = sendPolicy({ window, ...opts });
    expect(p).toMatchObject({ allowed: false, code });
    if (!p.allowed) expect(p.reason.length).toBeGreaterThan(20);
  });

  it('never gives HUMAN_AGENT to automated sends, in any window', () => {
    for (const window of [open, humanAgent, closed, never]) {
      for (const tag of [undefined, 'HUMAN_AGENT']) {
        const p = sendPolicy({ window, tag, automated: true });
        expect(p.allowed && p.tag === 'HUMAN_AGENT').toBe(false);
      }
    }
  });

  it('explains the difference between "never wrote" and "more than 7 days ago"', () => {
    const a = sendPolicy({ window: never });
    const b = sendPolicy({ window: closed });
    expect(!a.allowed && a.reason).toMatch(/has not written/);
    expect(!b.allowed && b.reason).toMatch(/more than 7 days ago/);
  });

  it('follows windowState across the exact edges', () => {
    const at = (elapsed: number, tag?: string) => sendPolicy({ window: windowState({ lastInboundAt: T, now: T + elapsed }), tag });
    expect(at(DAY_MS - 1)).toEqual({ allowed: true });
    expect(at(DAY_MS)).toMatchObject({ allowed: false, code: 'human_agent_tag_required' });
    expect(at(DAY_MS, 'HUMAN_AGENT')).toEqual({ allowed: true, tag: 'HUMAN_AGENT' });
    expect(at(7 * DAY_MS - 1, 'HUMAN_AGENT')).toEqual({ allowed: true, tag: 'HUMAN_AGENT' });
    expect(at(7 * DAY_MS, 'HUMAN_AGENT')).toMatchObject({ allowed: false, code: 'window_closed' });
  });
});
