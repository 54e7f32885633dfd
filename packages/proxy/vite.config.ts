import { libConfig } from '../../scripts/vite-lib';

export default libConfig(import.meta.dirname);
