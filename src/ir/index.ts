export * from './types.js';
export * from './pattern.js';
export * from './build.js';
export * from './normalize.js';
export { stableStringify } from './stable-json.js';
export { durationSeconds } from './duration.js';
