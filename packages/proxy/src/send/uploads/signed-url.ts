/**
 * Signed, expiring URLs for media the proxy serves to Meta (accounts that can only send media by
 * URL, reference §1.6/D7). The signature is an HMAC over id and expiry with a key derived from
 * the app secret, so URLs stay valid across restarts (a queued send may reference one) and
 * nobody can mint or extend one. Verification is constant-time.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export class MediaUrlSigner {
  private readonly key: Buffer;
  constructor(secret: string) {
    this.key = createHmac('sha256', secret).update('kit-media-url-v1').digest();
  }

  sign(id: string, expiresAt: number): string {
    return createHmac('sha256', this.key).update(`${id}.${expiresAt}`).digest('base64url');
  }

  /** `${base}/media/${id}?exp=…&sig=…` */
  url(base: string, id: string, expiresAt: number): string {
    return `${base.replace(/\/+$/, '')}/media/${encodeURIComponent(id)}?exp=${expiresAt}&sig=${this.sign(id, expiresAt)}`;
  }

  verify(id: string, exp: unknown, sig: unknown, now: number): 'ok' | 'expired' | 'invalid' {
    if (typeof exp !== 'string' || !/^\d{1,16}$/.test(exp) || typeof sig !== 'string') return 'invalid';
    const want = Buffer.from(this.sign(id, Number(exp)));
    const got = Buffer.from(sig);
    if (want.length !== got.length || !timingSafeEqual(want, got)) return 'invalid';
    return Number(exp) > now ? 'ok' : 'expired';
  }
}
