import { describe, expect, it } from 'vitest';
import { DEFAULT_DISCLOSURE_LAPSE_MS, HOUR_MS } from './limits';
import { disclosureDue, type DisclosureInput } from './disclosure';

const NOW = Date.UTC(2026, 8, 1, 12);
const LAPSE = 6 * HOUR_MS;

describe('disclosureDue', () => {
  it.each<[string, Omit<DisclosureInput, 'now' | 'lapseMs'>, ReturnType<typeof disclosureDue>]>([
    ['human messages never need a notice', { automated: false }, { due: false }],
    ['human message even at the start', { automated: false, lastDisclosureAt: null }, { due: false }],
    ['start: automated, never disclosed', { automated: true }, { due: true, reason: 'start' }],
    [
      'start wins over other triggers',
      { automated: true, lastSenderWasHuman: true, lastActivityAt: NOW - 10 * LAPSE },
      { due: true, reason: 'start' },
    ],
    [
      'human → automated',
      { automated: true, lastDisclosureAt: NOW - HOUR_MS, lastActivityAt: NOW - 60_000, lastSenderWasHuman: true },
      { due: true, reason: 'human_to_automated' },
    ],
    [
      'lapse: silence of more than lapseMs',
      { automated: true, lastDisclosureAt: NOW - 2 * LAPSE, lastActivityAt: NOW - LAPSE - 1 },
      { due: true, reason: 'lapse' },
    ],
    [
      'lapse: exactly lapseMs counts',
      { automated: true, lastDisclosureAt: NOW - 2 * LAPSE, lastActivityAt: NOW - LAPSE },
      { due: true, reason: 'lapse' },
    ],
    [
      'no lapse: 1 ms short',
      { automated: true, lastDisclosureAt: NOW - 2 * LAPSE, lastActivityAt: NOW - LAPSE + 1 },
      { due: false },
    ],
    [
      'recent disclosure counts as activity',
      { automated: true, lastDisclosureAt: NOW - HOUR_MS, lastActivityAt: NOW - 3 * LAPSE },
      { due: false },
    ],
    [
      'no activity recorded: measured from the disclosure',
      { automated: true, lastDisclosureAt: NOW - LAPSE },
      { due: true, reason: 'lapse' },
    ],
    [
      'automated conversation continuing',
      { automated: true, lastDisclosureAt: NOW - HOUR_MS, lastActivityAt: NOW - 60_000, lastSenderWasHuman: false },
      { due: false },
    ],
  ])('%s', (_label, input, expected) => {
    expect(disclosureDue({ ...input, now: NOW, lapseMs: LAPSE })).toEqual(expected);
  });

  it('defaults the lapse to 24 h (Meta leaves it unquantified, reference §9.1)', () => {
    expect(DEFAULT_DISCLOSURE_LAPSE_MS).toBe(24 * HOUR_MS);
    const base = { automated: true, lastDisclosureAt: NOW - 48 * HOUR_MS };
    expect(disclosureDue({ ...base, lastActivityAt: NOW - 23 * HOUR_MS, now: NOW })).toEqual({ due: false });
    expect(disclosureDue({ ...base, lastActivityAt: NOW - 24 * HOUR_MS, now: NOW })).toEqual({
      due: true,
      reason: 'lapse',
    });
  });
});
