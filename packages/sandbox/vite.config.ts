import { libConfig } from '../../scripts/vite-lib.ts';

export default libConfig(import.meta.dirname, { index: 'src/index.ts', cli: 'src/cli.ts' });
