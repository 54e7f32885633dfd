/**
 * App secrets. Which secret signs Instagram-Login webhooks (the Meta app secret or the Instagram
 * app secret) is unconfirmed (reference §5.2, D9), and secrets rotate, so each flavor may have
 * several: webhooks verify against any of them, appsecret_proof uses the first (current) one.
 */
import type { KitAccountFlavor } from '@kit/core';

export type AppSecretOption = string | readonly string[] | { page?: string | readonly string[]; instagram?: string | readonly string[] };

export interface AppSecrets {
  /** Current secret per flavor (for appsecret_proof); undefined when none is configured. */
  current(flavor: KitAccountFlavor): string | undefined;
  /** Every configured secret (for webhook verification), deduplicated. */
  all(): string[];
}

const list = (v: string | readonly string[] | undefined): string[] => (v === undefined ? [] : typeof v === 'string' ? [v] : [...v]);

export function appSecrets(option: AppSecretOption | undefined): AppSecrets {
  const byFlavor: Record<KitAccountFlavor, string[]> =
    option === undefined || typeof option === 'string' || Array.isArray(option)
      ? { page: list(option as string | string[] | undefined), instagram: list(option as string | string[] | undefined), unified: list(option as string | string[] | undefined) }
      : {
          page: list((option as { page?: string | string[] }).page),
          instagram: list((option as { instagram?: string | string[] }).instagram),
          // Unified Login is Facebook Login: the Meta app secret, the one `page` names.
          unified: list((option as { page?: string | string[] }).page),
        };
  const all = [...new Set([...byFlavor.page, ...byFlavor.instagram])];
  if (all.length === 0) {
    throw new TypeError(
      'createKitProxy: `appSecret` is required (the Meta app secret; for Instagram-Login accounts possibly the Instagram app secret). ' +
        "Pass a string, an array during rotation, or { page, instagram }.",
    );
  }
  for (const s of all) {
    if (typeof s !== 'string' || s.length < 8) throw new TypeError('createKitProxy: every `appSecret` must be a string of at least 8 characters.');
  }
  return {
    current: (flavor) => byFlavor[flavor][0] ?? all[0],
    all: () => all,
  };
}
