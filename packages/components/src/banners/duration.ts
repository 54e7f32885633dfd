/** "5 h 12 min" / "12 min" for a window countdown, rounded down to the minute (never promise more time than is left). */
import { HOUR_MS, MINUTE_MS } from '@kit/core';
import type { KitTranslate } from '../i18n';

export function countdownText(t: KitTranslate, remainingMs: number): string {
  const minutes = Math.max(0, Math.floor(remainingMs / MINUTE_MS));
  const h = Math.floor((minutes * MINUTE_MS) / HOUR_MS);
  const m = minutes - h * 60;
  return h > 0 ? t('windowBanner.hours', { h, m }) : t('windowBanner.minutes', { m });
}
