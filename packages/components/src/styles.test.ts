// @vitest-environment node
/**
 * styles.css keeps its promises to host pages (README "Theming" and the file's header): tokens in
 * `@layer kit`, one scoped reset, every component rule nested under `.kit-root` and anchored on a
 * `kit-` class (no element, `:root`, `body`, `*` selectors), no rem, every colour a `--kit-*`
 * variable, keyframes prefixed. How the rules hold up on a hostile page is checked in Chromium
 * (hostileHost.browser.test.tsx) and in real host apps (test/host).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const css = readFileSync(new URL('./styles.css', import.meta.url), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');

/** The top-level blocks of the file: [prelude, body]. */
function blocks(text: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf('{', i);
    if (open === -1) {
      if (text.slice(i).trim()) throw new Error(`stray text in styles.css: ${text.slice(i).trim()}`);
      break;
    }
    let depth = 1;
    let j = open + 1;
    for (; j < text.length && depth > 0; j++) {
      if (text[j] === '{') depth++;
      else if (text[j] === '}') depth--;
    }
    if (depth !== 0) throw new Error('unbalanced braces in styles.css');
    out.push([text.slice(i, open).trim(), text.slice(open + 1, j - 1)]);
    i = j;
  }
  return out;
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

const top = blocks(css);
const layers = top.filter(([prelude]) => prelude === '@layer kit');
const components = top.filter(([prelude]) => prelude === '.kit-root').at(-1)![1];
const RESET = [".kit-root :is([class^='kit-'], [class*=' kit-'])", ":where(.kit-root :is([class^='kit-'], [class*=' kit-'])) > :not([class], svg > *)", '.kit-root ::before', '.kit-root ::after', '.kit-root ::placeholder'];

describe('styles.css', () => {
  it('has only the tokens layer, the root, the reset, prefixed keyframes and the one component block at top level', () => {
    expect(layers).toHaveLength(1);
    expect(top.map(([prelude]) => (prelude.startsWith('@keyframes') ? '@keyframes' : prelude))).toEqual([
      '@layer kit',
      '.kit-root',
      ':where(.kit-root:has(> .kit-inbox))',
      RESET.join(',\n'),
      ...top.filter(([p]) => p.startsWith('@keyframes')).map(() => '@keyframes'),
      '.kit-root',
    ]);
    expect(components.length).toBeGreaterThan(1000);
    // @keyframes cannot be nested in a style rule: browsers and minifiers drop or refuse it.
    expect(components).not.toMatch(/@keyframes/);
  });

  it('declares only --kit-* variables (and color-scheme) in the layer, so any host rule setting one wins', () => {
    const declarations = rules(layers[0]![1]).flatMap(([, body]) => body.split(';').map((d) => d.trim()).filter(Boolean));
    expect(declarations.filter((d) => !d.startsWith('--kit-') && !d.startsWith('color-scheme:'))).toEqual([]);
  });

  it('resets with all: revert, and never sizes in rem (the host decides what a rem is)', () => {
    expect(top.find(([p]) => p === RESET.join(',\n'))![1].trim()).toBe('all: revert;');
    expect(css.match(/\d(\.\d+)?rem\b/g) ?? []).toEqual([]);
  });

  it('anchors every component selector on a kit- class, nested under .kit-root', () => {
    const bad = rules(components)
      .flatMap(([list]) => selectors(list))
      .filter((s) => !/^(\.kit-|:where\(\.kit-|:is\(\.kit-)/.test(s));
    expect(bad).toEqual([]);
  });

  it('uses colours only through --kit-* variables', () => {
    const literal = /#[0-9a-f]{3,8}\b|\b(rgb|rgba|hsl|hsla|oklch|lab|lch)\(|\b(white|black|red|blue|green|gray|grey)\b/i;
    const bad = rules(top.filter(([p]) => p !== '@layer kit').map(([p, b]) => `${p}{${b}}`).join('\n')).flatMap(([sel, body]) =>
      body
        .split(';')
        .map((d) => d.trim())
        .filter((d) => d && !d.startsWith('--kit-') && literal.test(d.split(':').slice(1).join(':')))
        .map((d) => `${sel} { ${d} }`),
    );
    expect(bad).toEqual([]);
  });

  it('prefixes keyframes and declares the themes on .kit-root', () => {
    for (const m of css.matchAll(/@keyframes\s+([\w-]+)/g)) expect(m[1]).toMatch(/^kit-/);
    const tokens = layers[0]![1];
    expect(tokens).toMatch(/\.kit-root\[data-theme='dark'\]\s*\{/);
    expect(tokens).toMatch(/prefers-color-scheme: dark\)\s*\{\s*\.kit-root\[data-theme='auto'\]/);
  });
});
