/** The interface between the term compiler and the per-dialect function tables. */
import type { Term } from '../../ir/types.js';
import type { Fn } from './values.js';

/** What a dialect's function table needs from the term compiler. */
export interface CallContext {
  /** The instant `now()` and `ago()` refer to. */
  readonly now: number;
  /** A literal string argument (a pattern, a network, a unit), read at compile time. */
  constantText(term: Term | undefined, what: string): string;
  /** `:`, like and regex calls with literal patterns, shared by both dialects; undefined for other names. */
  matchCall(name: string, insensitive: boolean, argTerms: Term[]): Fn | undefined;
}
