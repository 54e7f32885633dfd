// Every name a package's entry points export is listed in its README, and every name the README
// lists is exported: the README is the public API, and an entry point carries nothing else.
//
// What counts as "listed": in a README section whose level-2 heading starts with "Every export",
// the backticked names in the FIRST cell of each table row (`measureText`, `isKitEvent(e, type)`
// and `<Inbox>` all list their leading identifier). Such a heading that names an entry in
// backticks ("## Every export of `@kit/components/locales/it`") lists that subpath's exports;
// otherwise the package's main entry ("."). Entry points come from package.json "exports" (their
// "source" condition), and each must export by name: `export *` of a whole module would let
// anything a module adds become public unnoticed.
//
// Exports are read with the TypeScript compiler API, so re-exports, type-only exports and
// namespace exports count exactly as a consumer sees them.
import { readFileSync, globSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const PACKAGES = ['packages/core', 'packages/components', 'packages/sandbox'];

interface Entry {
  /** `@kit/components/locales/it` */
  specifier: string;
  /** Absolute path of the TypeScript source. */
  file: string;
}

type ExportTarget = string | { [condition: string]: ExportTarget } | null;

function sourceOf(target: ExportTarget, where: string): string | undefined {
  if (typeof target === 'string') return /\.(css|json)$/.test(target) ? undefined : target;
  if (!target) return undefined;
  if (typeof target.source === 'string') return /\.(css|json)$/.test(target.source) ? undefined : target.source;
  const files = Object.values(target).filter((t): t is string => typeof t === 'string');
  if (files.length > 0 && files.every((f) => /\.(css|json)$/.test(f))) return undefined;
  throw new Error(`${where}: a JavaScript export needs a "source" condition pointing at its TypeScript file`);
}

function entriesOf(packageDir: string): { name: string; entries: Entry[] } {
  const manifest = JSON.parse(readFileSync(join(root, packageDir, 'package.json'), 'utf8')) as {
    name: string;
    exports: Record<string, ExportTarget>;
  };
  const entries: Entry[] = [];
  for (const [subpath, target] of Object.entries(manifest.exports)) {
    const source = sourceOf(target, `${packageDir}/package.json exports["${subpath}"]`);
    if (!source) continue;
    const name = subpath === '.' ? manifest.name : `${manifest.name}/${subpath.slice(2)}`;
    if (!subpath.includes('*')) {
      entries.push({ specifier: name, file: join(root, packageDir, source) });
      continue;
    }
    // A pattern export (`./locales/*`): one entry per file it matches.
    const [before, after] = source.split('*') as [string, string];
    for (const match of globSync(source, { cwd: join(root, packageDir) })) {
      const star = match
        .replace(/\\/g, '/')
        .replace(/^\.\//, '')
        .slice(before.replace(/^\.\//, '').length, after ? -after.length : undefined);
      entries.push({ specifier: name.replace('*', star), file: join(root, packageDir, match) });
    }
  }
  return { name: manifest.name, entries };
}

function compilerOptions(): ts.CompilerOptions {
  const config = ts.readConfigFile(join(root, 'tsconfig.base.json'), (path) => ts.sys.readFile(path));
  const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, root);
  return {
    ...options,
    noEmit: true,
    composite: false,
    declaration: false,
    declarationMap: false,
    emitDeclarationOnly: false,
  };
}

/** The names each entry file exports, and the `export *` declarations it contains. */
function readExports(files: string[]): Map<string, { names: string[]; wildcards: string[] }> {
  const program = ts.createProgram(files, compilerOptions());
  const checker = program.getTypeChecker();
  const result = new Map<string, { names: string[]; wildcards: string[] }>();
  for (const file of files) {
    const sourceFile = program.getSourceFile(file);
    if (!sourceFile) throw new Error(`${relative(root, file)}: not found`);
    const moduleSymbol = checker.getSymbolAtLocation(sourceFile);
    const names = moduleSymbol ? checker.getExportsOfModule(moduleSymbol).map((symbol) => symbol.name) : [];
    const wildcards = sourceFile.statements
      .filter((statement): statement is ts.ExportDeclaration => ts.isExportDeclaration(statement))
      .filter((statement) => !statement.exportClause || ts.isNamespaceExport(statement.exportClause))
      .map((statement) => statement.getText(sourceFile));
    result.set(file, { names: names.sort(), wildcards });
  }
  return result;
}

/** Splits a markdown table row into cells, keeping `\|` (a pipe inside a cell) in place. */
function cells(row: string): string[] {
  return row
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split(/(?<!\\)\|/)
    .map((cell) => cell.trim());
}

/** The names a README lists, by entry specifier (see the header of this file). */
function listedNames(readme: string, mainEntry: string): Map<string, Set<string>> {
  const listed = new Map<string, Set<string>>();
  let current: Set<string> | undefined;
  let inFence = false;
  for (const line of readme.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) inFence = !inFence;
    if (inFence) continue;
    const heading = /^##\s+(.*)$/.exec(line);
    if (heading) {
      current = undefined;
      if (/^Every export/i.test(heading[1]!)) {
        const entry = /`(@[^`]+)`/.exec(heading[1]!)?.[1] ?? mainEntry;
        current = listed.get(entry) ?? new Set();
        listed.set(entry, current);
      }
      continue;
    }
    if (!current || !line.trimStart().startsWith('|')) continue;
    const first = cells(line)[0] ?? '';
    if (/^:?-{3,}:?$/.test(first)) continue;
    for (const span of first.matchAll(/`([^`]+)`/g)) {
      const name = /^<?([A-Za-z_$][\w$]*)/.exec(span[1]!)?.[1];
      if (name) current.add(name);
    }
  }
  return listed;
}

describe.each(PACKAGES)('%s: the README lists exactly what the entry points export', (packageDir) => {
  const { name: packageName, entries } = entriesOf(packageDir);
  const exported = readExports(entries.map((entry) => entry.file));
  const readmePath = `${packageDir}/README.md`;
  const listed = listedNames(readFileSync(join(root, readmePath), 'utf8'), packageName);

  it.each(entries.map((entry) => [entry.specifier, entry] as const))('%s', (_specifier, entry) => {
    const { names, wildcards } = exported.get(entry.file)!;
    const documented = listed.get(entry.specifier) ?? new Set<string>();
    const problems = [
      ...wildcards.map(
        (statement) =>
          `${relative(root, entry.file)} re-exports a whole module (\`${statement}\`): export what a host uses by name`,
      ),
      ...names
        .filter((name) => !documented.has(name))
        .map(
          (name) =>
            `\`${name}\` is exported by ${entry.specifier} but ${readmePath} does not list it (first column of a table under "## Every export…")`,
        ),
      ...[...documented]
        .filter((name) => !names.includes(name))
        .sort()
        .map((name) => `${readmePath} lists \`${name}\` for ${entry.specifier}, which does not export it`),
    ];
    expect(problems).toEqual([]);
  });

  it('has no "Every export" section for an entry point the package does not have', () => {
    const specifiers = new Set(entries.map((entry) => entry.specifier));
    expect([...listed.keys()].filter((specifier) => !specifiers.has(specifier))).toEqual([]);
  });
});

describe('listedNames', () => {
  it('reads the first cell of table rows under "Every export" headings only', () => {
    const readme = [
      '# @kit/x',
      '| `notListed` | outside the section |',
      '## Every export',
      '| Export | Notes |',
      '| --- | --- |',
      '| `alpha`, `isBeta(e, type)` | mentions `gamma` in another cell |',
      '| `<Delta>` | a component |',
      '```',
      '| `inFence` | code block |',
      '```',
      '## Every export of `@kit/x/sub`',
      '| `epsilon` | `a \\| b` |',
      '## Usage',
      '| `zeta` | not an export list |',
    ].join('\n');
    const listed = listedNames(readme, '@kit/x');
    expect([...listed.get('@kit/x')!]).toEqual(['alpha', 'isBeta', 'Delta']);
    expect([...listed.get('@kit/x/sub')!]).toEqual(['epsilon']);
  });
});
