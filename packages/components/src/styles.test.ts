// @vitest-environment node
/**
 * styles.css keeps its promises to host pages (README "Theming"): everything inside `@layer kit`,
 * every selector anchored on a `kit-` class (no element, `:root`, `body`, `*` selectors), every
 * colour a `--kit-*` variable, keyframes prefixed.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const css = readFileSync(new URL('./styles.css', import.meta.url), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');

/** The bodies of every `@layer kit { … }` block, and what is left outside them. */
function splitLayer(text: string): { inside: string; outside: string } {
  let inside = '';
  let outside = '';
  let at = 0;
  for (;;) {
    const start = text.indexOf('@layer kit', at);
    if (start === -1) return { inside, outside: outside + text.slice(at) };
    outside += text.slice(at, start);
    const open = text.indexOf('{', start);
    let depth = 0;
    let i = open;
    for (; i < text.length; i++) {
      if (text[i] === '{') depth++;
      else if (text[i] === '}' && --depth === 0) break;
    }
    if (depth !== 0) throw new Error('unbalanced braces in styles.css');
    inside += text.slice(open + 1, i) + '\n';
    at = i + 1;
  }
}

/** Every style rule as [selector list, declarations], descending into @media/@container/@supports. */
function rules(text: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf('{', i);
    if (open === -1) break;
    const prelude = text.slice(i, open).trim();
    let depth = 1;
    let j = open + 1;
    for (; j < text.length && depth > 0; j++) {
      if (text[j] === '{') depth++;
      else if (text[j] === '}') depth--;
    }
    const body = text.slice(open + 1, j - 1);
    if (/^@(media|container|supports)/.test(prelude)) out.push(...rules(body));
    else if (!prelude.startsWith('@keyframes')) out.push([prelude, body]);
    i = j;
  }
  return out;
}

/** Split a selector list on top-level commas. */
function selectors(list: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of list) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  parts.push(cur.trim());
  return parts;
}

const { inside, outside } = splitLayer(css);

describe('styles.css', () => {
  it('puts every rule inside @layer kit', () => {
    expect(inside.length).toBeGreaterThan(1000);
    expect(outside.trim()).toBe('');
  });

  it('anchors every selector on a kit- class', () => {
    const bad = rules(inside)
      .flatMap(([list]) => selectors(list))
      .filter((s) => !/^(\.kit-|:where\(\.kit-|:is\(\.kit-)/.test(s));
    expect(bad).toEqual([]);
  });

  it('uses colours only through --kit-* variables', () => {
    const literal = /#[0-9a-f]{3,8}\b|\b(rgb|rgba|hsl|hsla|oklch|lab|lch)\(|\b(white|black|red|blue|green|gray|grey)\b/i;
    const bad = rules(inside).flatMap(([sel, body]) =>
      body
        .split(';')
        .map((d) => d.trim())
        .filter((d) => d && !d.startsWith('--kit-') && literal.test(d.split(':').slice(1).join(':')))
        .map((d) => `${sel} { ${d} }`),
    );
    expect(bad).toEqual([]);
  });

  it('prefixes keyframes and declares the themes on .kit-root', () => {
    for (const m of inside.matchAll(/@keyframes\s+([\w-]+)/g)) expect(m[1]).toMatch(/^kit-/);
    expect(inside).toMatch(/\.kit-root\[data-theme='dark'\]\s*\{/);
    expect(inside).toMatch(/prefers-color-scheme: dark\)\s*\{\s*\.kit-root\[data-theme='auto'\]/);
  });
});
