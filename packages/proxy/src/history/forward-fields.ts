/**
 * A strict parser for Graph's `fields` syntax, enough to allow-list it:
 *   fields   := field (',' field)*
 *   field    := name modifier* ('{' fields '}')?
 *   modifier := '.limit(' digits ')'
 * Anything else (other modifiers such as `.as()`, quoting, whitespace tricks) is a syntax error —
 * we would rather refuse a valid-but-unusual request than forward one we did not understand.
 */

export interface FieldNode {
  name: string;
  limit?: number;
  children?: FieldNode[];
}

export class FieldsSyntaxError extends Error {}

const NAME = /[a-z_][a-z0-9_]*/y;
const DIGITS = /\d{1,4}/y;

export function parseFields(input: string): FieldNode[] {
  let i = 0;
  const fail = (what: string): never => {
    throw new FieldsSyntaxError(`fields: ${what} at position ${i}`);
  };
  const match = (re: RegExp): string | null => {
    re.lastIndex = i;
    const m = re.exec(input);
    if (!m) return null;
    i = re.lastIndex;
    return m[0];
  };
  const list = (depth: number): FieldNode[] => {
    if (depth > 4) fail('nesting too deep');
    const out: FieldNode[] = [];
    for (;;) {
      const name = match(NAME);
      if (name === null) fail('expected a field name');
      const node: FieldNode = { name: name as string };
      while (input.startsWith('.', i)) {
        if (!input.startsWith('.limit(', i)) fail('only the .limit(n) modifier is allowed');
        i += '.limit('.length;
        const d = match(DIGITS);
        if (d === null || !input.startsWith(')', i)) fail('expected .limit(<number>)');
        i += 1;
        node.limit = Number(d);
      }
      if (input.startsWith('{', i)) {
        i += 1;
        node.children = list(depth + 1);
        if (!input.startsWith('}', i)) fail("expected '}'");
        i += 1;
      }
      out.push(node);
      if (input.startsWith(',', i)) {
        i += 1;
        continue;
      }
      return out;
    }
  };
  if (input.length === 0 || input.length > 1000) fail('empty or too long');
  const nodes = list(0);
  if (i !== input.length) fail('unexpected character');
  return nodes;
}
