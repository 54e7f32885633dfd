/**
 * @kit/core — the rules and types the browser and the server share, so instant feedback and
 * enforcement never disagree. Isomorphic, no runtime dependencies.
 */
export * from './types';
export * from './limits';
export * from './ids';
export * from './text';
export * from './links';
export * from './media';
export * from './window';
export * from './errors';
export * from './disclosure';
