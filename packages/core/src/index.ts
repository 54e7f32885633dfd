/**
 * @kit/core — the rules and types the browser and the server share, so instant feedback and
 * enforcement never disagree. Isomorphic, no runtime dependencies.
 */
export * from './types';
export * from './limits';
export * from './ids';
