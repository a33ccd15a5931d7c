/**
 * The rulestone evaluator: runs IR rules over JSON events with each dialect's semantics. Pure: no file or
 * network access; callers read files and pass text or parsed events. See docs/engine.md.
 */
export { compileRule, evaluate } from './evaluate.js';
export type { EngineOptions, EvaluationResult, Matcher } from './evaluate.js';
export type { EventMatch, SequenceMatch } from './stream.js';
export { compileExpr } from './expr.js';
export { compilePredicate } from './predicate.js';
export type { EventTest, PredicateOptions } from './predicate.js';
export { EngineError } from './errors.js';
export type { EngineErrorCode } from './errors.js';
export { parseEvents } from './events.js';
export { windowsEventView } from './windows.js';
export { readField, MISSING } from './fields.js';
export { compileRegex } from './regex/index.js';
export { compileCidr, parseAddress } from './cidr.js';
export { compileWildcard } from './wildcard.js';
export { compileTerm } from './terms.js';
export { expandTransforms } from '../lower/transforms.js';
export { DEFAULT_TIMESTAMP_FIELDS, timestampMs, datePartOf, durationMs } from './time.js';
export { compareResults, relationOf } from './compare.js';
export type { Comparison, Relation } from './compare.js';
export { generateEvents } from './generate.js';
export type { GeneratedEvents } from './generate.js';
