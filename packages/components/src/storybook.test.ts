/**
 * Storybook's configuration, checked without starting Storybook: every `stories` pattern matches
 * at least one file (a pattern that matches nothing makes Storybook warn on every start), and
 * every public banner has a story file of its own with generated docs and a description.
 */
import { globSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';

// Vitest runs from the repository root (jsdom gives modules no file: URL to resolve from).
const storybookDir = join(process.cwd(), '.storybook');

describe('Storybook configuration', () => {
  it('has no stories pattern that matches nothing', () => {
    // Read as text: the Storybook config is outside this package's TypeScript project.
    const source = readFileSync(join(storybookDir, 'main.ts'), 'utf8');
    const patterns = [.../stories:\s*\[([^\]]*)\]/.exec(source)![1]!.matchAll(/'([^']+)'/g)].map((m) => m[1]!);
    expect(patterns.length).toBeGreaterThan(0);
    for (const pattern of patterns) expect(globSync(pattern, { cwd: storybookDir }).length, pattern).toBeGreaterThan(0);
  });

  for (const name of ['MessagingWindowBanner', 'DisclosureBanner', 'ConsentBanner', 'PausedBanner', 'RoutingBanner']) {
    it(`${name} has its own stories with docs`, async () => {
      const stories = (await import(`./banners/${name}.stories.tsx`)) as {
        default: {
          component: { name: string };
          tags?: string[];
          parameters?: { docs?: { description?: { component?: string } } };
        };
      };
      expect(stories.default.component.name).toBe(name);
      expect(stories.default.tags).toContain('autodocs');
      expect(stories.default.parameters?.docs?.description?.component?.length).toBeGreaterThan(80);
      expect(Object.keys(stories).filter((k) => k !== 'default').length).toBeGreaterThanOrEqual(3);
      expect(globSync(`packages/components/src/banners/${name}.stories.tsx`)).toHaveLength(1);
    });
  }
});
