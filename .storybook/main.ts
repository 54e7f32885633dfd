import type { StorybookConfig } from '@storybook/react-vite';

const config: StorybookConfig = {
  // Every pattern must match a file: Storybook warns about one that matches nothing (checked by
  // packages/components/src/storybook.test.ts).
  stories: ['./*.mdx', '../packages/components/src/**/*.stories.tsx'],
  addons: ['@storybook/addon-docs', '@storybook/addon-a11y'],
  framework: { name: '@storybook/react-vite', options: {} },
  core: { disableTelemetry: true },
  // Workspace packages resolve to their TypeScript sources, like in tests.
  viteFinal: (cfg) => ({ ...cfg, resolve: { ...cfg.resolve, conditions: ['source', 'import', 'module', 'browser', 'default'] } }),
};

export default config;
