import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';
// Italian and German load on demand in the kit (a separate chunk each); tests that render them
// assert synchronously, so they are registered up front here — as a host does by importing
// `@kit/components/locales/it`. provider.test.tsx covers the on-demand path.
import '../locales/it';
import '../locales/de';

afterEach(() => cleanup());
