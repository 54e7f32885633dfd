/**
 * Webhook authenticity (reference §5.1–§5.2): Meta signs only the body, with HMAC-SHA256 under
 * the app secret, in `X-Hub-Signature-256`. Every comparison is constant-time.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

const SIGNATURE_RE = /^sha256=([0-9a-f]{64})$/i;

export function safeEqualString(a: string, b: string): boolean {
  const ab = Buffer.from(a, 'utf8');
  const bb = Buffer.from(b, 'utf8');
  // Compare equal-length buffers only; the length itself is not secret (the verify token is).
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

/** True when `header` is a valid signature of `raw` under any of `secrets`. */
export function verifySignature(raw: Buffer, header: string, secrets: readonly string[]): boolean {
  const m = SIGNATURE_RE.exec(header.trim());
  if (!m) return false;
  const given = Buffer.from((m[1] as string).toLowerCase(), 'hex');
  let ok = false;
  // Check every secret (no early exit) so timing does not reveal which one matched.
  for (const secret of secrets) {
    const expected = createHmac('sha256', secret).update(raw).digest();
    if (expected.length === given.length && timingSafeEqual(expected, given)) ok = true;
  }
  return ok;
}
