/** Regexes of every flavour, compiled once into a linear-time matcher. */
import type { RegexValue } from '../../ir/types.js';
import { compileDfa } from './dfa.js';
import { compileNfa } from './nfa.js';
import { parseRegex } from './parse.js';

export type RegexTest = (text: string) => boolean;

/**
 * Lucene patterns match the whole value; PCRE (Sigma `re`) and RE2 (Kusto `matches regex`) look for a match
 * anywhere. `anchored` in the IR records the same fact and wins when present.
 */
export function compileRegex(value: RegexValue): RegexTest {
  const tree = parseRegex(value.pattern, value.flavour, value.flags);
  const nfa = compileNfa(tree, value.anchored);
  const dfa = compileDfa(tree, value.anchored);
  if (!dfa) return (text) => nfa.test(text);
  // The cached DFA answers in one lookup per character; the NFA covers regexes whose DFA grows too large.
  return (text) => dfa.test(text) ?? nfa.test(text);
}

export { parseRegex, MAX_NESTING, MAX_REPEAT } from './parse.js';
export { MAX_PROGRAM } from './nfa.js';
export { MAX_DFA_STATES } from './dfa.js';
