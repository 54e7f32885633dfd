/**
 * Graph's `fields` syntax: `id,messages.limit(10){id,created_time,from},participants`.
 * Only what the sandbox needs: names, `.limit(n)` and nested `{...}`.
 */

import { errors } from './errors';

export interface FieldSpec {
  name: string;
  limit?: number;
  sub?: FieldSpec[];
}

export function parseFields(input: unknown): FieldSpec[] | null {
  if (input === undefined || input === null || input === '') return null;
  if (typeof input !== 'string') throw errors.invalidParam('param fields must be a string');
  let i = 0;
  const s = input.replace(/\s+/g, '');
  const list = (): FieldSpec[] => {
    const out: FieldSpec[] = [];
    for (;;) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(s.slice(i));
      if (!m) throw errors.invalidParam(`Syntax error in fields at character ${i}: ${JSON.stringify(input)}`);
      const spec: FieldSpec = { name: m[0] };
      i += m[0].length;
      while (s[i] === '.') {
        const mod = /^\.([a-z_]+)\(([^)]*)\)/.exec(s.slice(i));
        if (!mod) throw errors.invalidParam(`Syntax error in fields at character ${i}: ${JSON.stringify(input)}`);
        if (mod[1] === 'limit') spec.limit = Math.max(0, Number.parseInt(mod[2] ?? '', 10) || 0);
        i += mod[0].length;
      }
      if (s[i] === '{') {
        i += 1;
        spec.sub = list();
        if (s[i] !== '}') throw errors.invalidParam(`Syntax error in fields: missing } in ${JSON.stringify(input)}`);
        i += 1;
      }
      out.push(spec);
      if (s[i] === ',') {
        i += 1;
        continue;
      }
      return out;
    }
  };
  const result = list();
  if (i !== s.length) throw errors.invalidParam(`Syntax error in fields at character ${i}: ${JSON.stringify(input)}`);
  return result;
}

/** Throw Graph's "nonexisting field" error for anything not in `allowed`. */
export function checkFields(fields: FieldSpec[], allowed: readonly string[], nodeType: string): void {
  for (const f of fields) {
    if (!allowed.includes(f.name)) throw errors.invalidParam(`Tried accessing nonexisting field (${f.name}) on node type (${nodeType})`);
  }
}
