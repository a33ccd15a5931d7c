/**
 * A lazily built DFA over the Thompson program, for regexes without assertions (most detection regexes):
 * each DFA state is a set of NFA states, built the first time the text leads to it and cached, so a text is
 * then scanned with one table lookup per character. The number of cached states is bounded; past the bound
 * the caller's NFA simulation takes over, so memory stays bounded and time stays linear either way.
 */
import type { Node } from './ast.js';
import { buildProgram, classMatches, prepareClass, type Inst, type PreparedClass } from './nfa.js';

/** Cached DFA states per regex before giving up on the DFA. */
export const MAX_DFA_STATES = 2000;

interface DfaState {
  /** NFA class states live in this DFA state. */
  nfa: Int32Array;
  /** A match has been reached. */
  accepting: boolean;
  /** Next DFA state per ASCII character, -1 when not built yet. */
  ascii: Int32Array;
  /** Next DFA state for other code points. */
  other: Map<number, number>;
}

function hasAssertions(node: Node): boolean {
  const stack: Node[] = [node];
  while (stack.length > 0) {
    const n = stack.pop() as Node;
    if (n.t === 'assert') return true;
    if (n.t === 'cat' || n.t === 'alt') stack.push(...n.items);
    else if (n.t === 'repeat' || n.t === 'group') stack.push(n.item);
  }
  return false;
}

export interface CompiledDfa {
  /** true / false, or undefined when the state bound was reached (the caller then uses the NFA). */
  test(text: string): boolean | undefined;
}

/** A DFA matcher, or undefined when the regex has assertions (`^`, `$`, `\b` …). */
export function compileDfa(root: Node, anchored: boolean): CompiledDfa | undefined {
  if (hasAssertions(root)) return undefined;
  const prog: Inst[] = [...buildProgram(root), { op: 'match' }];
  const classes: Array<PreparedClass | undefined> = prog.map((inst) =>
    inst.op === 'class' ? prepareClass(inst.cls) : undefined,
  );
  const states: DfaState[] = [];
  const byKey = new Map<string, number>();
  let overflow = false;

  /** The DFA state for the closure of `seeds` (plus the start state when searching), built once. */
  const stateFor = (seeds: number[]): number => {
    const live: number[] = [];
    let accepting = false;
    const seen = new Set<number>();
    const stack = anchored ? [...seeds] : [...seeds, 0];
    while (stack.length > 0) {
      const s = stack.pop() as number;
      if (seen.has(s)) continue;
      seen.add(s);
      const inst = prog[s] as Inst;
      if (inst.op === 'jmp') stack.push(inst.to);
      else if (inst.op === 'split') stack.push(inst.a, inst.b);
      else if (inst.op === 'match') accepting = true;
      else if (inst.op === 'class') live.push(s);
    }
    live.sort((a, b) => a - b);
    const key = (accepting ? '+' : '-') + live.join(',');
    const known = byKey.get(key);
    if (known !== undefined) return known;
    if (states.length >= MAX_DFA_STATES) {
      overflow = true;
      return -1;
    }
    states.push({
      nfa: Int32Array.from(live),
      accepting,
      ascii: new Int32Array(128).fill(-1),
      other: new Map(),
    });
    byKey.set(key, states.length - 1);
    return states.length - 1;
  };

  const step = (from: DfaState, cp: number): number => {
    const seeds: number[] = [];
    for (const s of from.nfa)
      if (classMatches(classes[s] as PreparedClass, cp)) seeds.push((prog[s] as { next: number }).next);
    return stateFor(seeds);
  };

  const start = anchored ? stateFor([0]) : stateFor([]);

  return {
    test(text: string): boolean | undefined {
      if (overflow) return undefined;
      let state = states[start] as DfaState;
      if (!anchored && state.accepting) return true;
      const len = text.length;
      for (let at = 0; at < len;) {
        let cp = text.charCodeAt(at++);
        if (cp >= 0xd800 && cp <= 0xdbff && at < len) {
          const low = text.charCodeAt(at);
          if (low >= 0xdc00 && low <= 0xdfff) {
            cp = (cp - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000;
            at++;
          }
        }
        let next: number;
        if (cp < 128) {
          next = state.ascii[cp] as number;
          if (next < 0) {
            next = step(state, cp);
            if (next < 0) return undefined;
            state.ascii[cp] = next;
          }
        } else {
          const cached = state.other.get(cp);
          if (cached !== undefined) next = cached;
          else {
            next = step(state, cp);
            if (next < 0) return undefined;
            // Bounded per state: non-ASCII text must not grow the cache without limit.
            if (state.other.size < 256) state.other.set(cp, next);
          }
        }
        state = states[next] as DfaState;
        if (!anchored && state.accepting) return true;
        if (anchored && state.nfa.length === 0 && !state.accepting) return false;
      }
      return state.accepting;
    },
  };
}
