/**
 * Localized explanations of core's media check results. Core's own `message` is English; here the
 * same facts (format found vs allowed, size vs limit, counts) are put into the active language.
 */
import { formatBytes, formatLabel, MEDIA_KINDS, MEDIA_LIMITS } from '@kit/core';
import type { MediaCheckFailure, MediaKind, MediaSetCheckResult } from '@kit/core';
import type { KitPickerKey } from '../i18n/picker';
import type { KitScopedTranslate } from '../i18n/scoped';

type PickerT = KitScopedTranslate<KitPickerKey>;

/** "PNG, JPEG or GIF" in the active language. */
export function formatList(locale: string, kind: MediaKind): string {
  return listOf(locale, MEDIA_LIMITS[kind].formats.map((f) => formatLabel(f)));
}

export function listOf(locale: string, items: string[], type: 'disjunction' | 'conjunction' = 'disjunction'): string {
  try {
    return new Intl.ListFormat(locale, { type }).format(items);
  } catch {
    return items.join(', ');
  }
}

/** Bytes in the decimal units Meta states its limits in; exact bytes when rounding would hide the excess. */
function sizes(locale: string, size: number, max: number): { size: string; max: string } {
  const a = formatBytes(size, locale);
  const b = formatBytes(max, locale);
  if (a !== b) return { size: a, max: b };
  const n = new Intl.NumberFormat(locale);
  return { size: `${n.format(size)} B`, max: `${n.format(max)} B` };
}

export function rejectionText(t: PickerT, locale: string, name: string, failure: MediaCheckFailure): string {
  const d = failure.details;
  switch (failure.code) {
    case 'empty':
      return t('picker.reject.empty', { name });
    case 'too_large': {
      const kind = d.sniffed?.kind ?? 'file';
      return t('picker.reject.tooLarge', { name, kind: t(`picker.kind.${kind}`), ...sizes(locale, d.size, d.maxBytes ?? MEDIA_LIMITS[kind].maxBytes) });
    }
    case 'type_mismatch':
      return t('picker.reject.mismatch', {
        name,
        claimed: d.claimed?.value ?? '?',
        found: d.sniffed ? `${formatLabel(d.sniffed.format)} (${t(`picker.kindOne.${d.sniffed.kind}`)})` : '?',
      });
    case 'unsupported_format': {
      if (d.sniffed) {
        const kind = d.sniffed.kind;
        return t('picker.reject.format', { name, found: formatLabel(d.sniffed.format), kind: t(`picker.kind.${kind}`), allowed: formatList(locale, kind) });
      }
      const all = MEDIA_KINDS.flatMap((k) => MEDIA_LIMITS[k].formats.map((f) => formatLabel(f)));
      return t('picker.reject.unknown', { name, allowed: listOf(locale, [...new Set(all)]) });
    }
  }
}

/** The set-level problem (too many images, one video per message, mixed kinds), or null. */
export function setProblemText(t: PickerT, set: MediaSetCheckResult | null): string | null {
  if (!set || set.ok) return null;
  const oks = set.results.filter((r) => r.ok);
  const first = oks[0]?.kind ?? 'image';
  if (set.code === 'too_many') {
    const max = MEDIA_LIMITS[first].perMessage;
    return max === 1
      ? t('picker.reject.onePerMessage', { kind: t(`picker.kindOne.${first}`), count: oks.length })
      : t('picker.reject.tooMany', { max, count: oks.length, extra: oks.length - max });
  }
  if (set.code === 'mixed_kinds') {
    const other = oks.find((r) => r.kind !== first)?.kind ?? first;
    return t('picker.reject.mixed', { a: t(`picker.kind.${first}`), b: t(`picker.kind.${other}`) });
  }
  return set.message;
}
