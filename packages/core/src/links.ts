/**
 * Links in message text. Meta requires that "links must be valid formatted URLs" (reference
 * §1.4) without saying what it checks, so the kit applies a strict, predictable rule:
 *
 * - it must parse with the WHATWG URL parser (what every browser and Node use);
 * - the scheme is `http:` or `https:` only (no `javascript:`, `data:`, `ftp:`, `mailto:` ...);
 * - no `user:password@` part — customers cannot tell such links from phishing;
 * - the host is a dotted domain name whose last label is alphabetic or punycode (`example.com`,
 *   `xn--bcher-kva.example`), or an IP address literal. Single-label hosts such as `localhost`
 *   or `intranet` are rejected: the customer's phone cannot open them.
 */

export type LinkInvalidReason = 'empty' | 'whitespace' | 'malformed' | 'protocol' | 'credentials' | 'host';

export type LinkValidation =
  | { ok: true; /** The URL as normalized by the URL parser (`href`). */ url: string }
  | { ok: false; reason: LinkInvalidReason; message: string };

const MESSAGES: Record<LinkInvalidReason, string> = {
  empty: 'The link is empty.',
  whitespace: 'A link cannot contain spaces.',
  malformed: 'This is not a valid web address.',
  protocol: 'Only http:// and https:// links can be sent.',
  credentials: 'Links with a user name or password cannot be sent.',
  host: 'The link needs a public web address such as example.com.',
};

function invalid(reason: LinkInvalidReason): LinkValidation {
  return { ok: false, reason, message: MESSAGES[reason] };
}

function parseUrl(text: string): URL | null {
  try {
    return new URL(text);
  } catch {
    return null;
  }
}

const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;
const TLD = /^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

function isValidHost(hostname: string): boolean {
  if (hostname.startsWith('[') && hostname.endsWith(']')) return true; // IPv6 literal (parser-checked)
  if (IPV4.test(hostname)) return true; // the URL parser has already canonicalized it
  const host = hostname.endsWith('.') ? hostname.slice(0, -1) : hostname; // "example.com." is valid
  const labels = host.split('.');
  if (labels.length < 2) return false;
  const tld = labels[labels.length - 1] ?? '';
  if (!TLD.test(tld)) return false;
  return labels.every((l) => LABEL.test(l));
}

/** Check one URL against the kit's link rule (see the module comment). */
export function validateLink(url: string): LinkValidation {
  if (url.trim() === '') return invalid('empty');
  if (/\s/.test(url)) return invalid('whitespace');
  const parsed = parseUrl(url);
  if (!parsed) {
    // "example.com/x" without a scheme: say what is missing rather than "malformed".
    return /^[a-z][a-z0-9+.-]*:/i.test(url) ? invalid('malformed') : invalid('protocol');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return invalid('protocol');
  if (parsed.username !== '' || parsed.password !== '') return invalid('credentials');
  if (!isValidHost(parsed.hostname)) return invalid('host');
  return { ok: true, url: parsed.href };
}

export interface FoundLink {
  /** The link exactly as written in the text. */
  text: string;
  /** UTF-16 offsets into the text: `text.slice(start, end) === link.text`. */
  start: number;
  end: number;
  /** Written without a scheme (`www.example.com`); validated as `https://` + text. */
  implicitScheme: boolean;
  validation: LinkValidation;
}

// Anything that looks like `scheme://...` (so `ftp://` is found and reported) or `www.`.
const CANDIDATE = /\b[a-z][a-z0-9+.-]*:\/\/[^\s<>"]*|\bwww\.[^\s<>"]+/gi;
const TRAILING_PUNCTUATION = /[.,;:!?'"*_~\]})>]+$/;

/** Drop trailing punctuation that is prose, keeping balanced closers: `(see https://x.y/a_(b))`. */
function trimCandidate(text: string): string {
  let out = text;
  for (;;) {
    const m = TRAILING_PUNCTUATION.exec(out);
    if (!m) return out;
    let cut = out.length - m[0].length;
    // Keep closing brackets that close an opening one inside the link.
    for (let i = cut; i < out.length; i++) {
      const ch = out[i];
      const open = ch === ')' ? '(' : ch === ']' ? '[' : ch === '}' ? '{' : null;
      if (open && count(out.slice(0, i), open) > count(out.slice(0, i), ch ?? '')) cut = i + 1;
      else break;
    }
    if (cut === out.length) return out;
    out = out.slice(0, cut);
  }
}

function count(text: string, ch: string): number {
  let n = 0;
  for (const c of text) if (c === ch) n++;
  return n;
}

/**
 * Find link-like substrings in message text (`http(s)://…`, other `scheme://…`, and `www.…`)
 * and validate each. The composer shows the invalid ones; the proxy refuses to send them.
 */
export function findLinks(text: string): FoundLink[] {
  const out: FoundLink[] = [];
  for (const m of text.matchAll(CANDIDATE)) {
    const raw = trimCandidate(m[0]);
    if (raw === '') continue;
    const start = m.index;
    const implicitScheme = /^www\./i.test(raw);
    out.push({
      text: raw,
      start,
      end: start + raw.length,
      implicitScheme,
      validation: validateLink(implicitScheme ? `https://${raw}` : raw),
    });
  }
  return out;
}

/** The invalid links in `text`, if any (empty array = every link is sendable). */
export function invalidLinks(text: string): FoundLink[] {
  return findLinks(text).filter((l) => !l.validation.ok);
}
