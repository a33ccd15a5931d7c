/**
 * What a regex's groups capture in its first match (Kusto's `extract`): a Pike VM whose threads carry their
 * capture positions, kept in priority order so that the match found is the one a backtracking matcher (and
 * RE2, which emulates it) reports: leftmost, then greedy or lazy as each repeat says, then the first
 * alternative. Linear time like the matcher: O(text × program).
 */
import type { RegexValue } from '../../ir/types.js';
import { EngineError } from '../errors.js';
import type { AssertKind, Node } from './ast.js';
import { MAX_PROGRAM, assertHolds, classMatches, prepareClass, type PreparedClass } from './nfa.js';
import { parseCapturing } from './parse.js';

/** Programs larger than this are refused for extraction (matching alone allows MAX_PROGRAM). */
const MAX_EXTRACT_PROGRAM = 5_000;

type Inst =
  | { op: 'class'; cls: PreparedClass; next: number }
  /** Both branches; `a` has priority. */
  | { op: 'split'; a: number; b: number }
  | { op: 'jmp'; to: number }
  | { op: 'assert'; kind: AssertKind; next: number }
  | { op: 'save'; slot: number; next: number }
  | { op: 'match' };

class Compiler {
  readonly prog: Inst[] = [];

  private emit(inst: Inst): number {
    if (this.prog.length >= MAX_PROGRAM) {
      throw new EngineError('regex-too-large', `regex expands to more than ${MAX_PROGRAM} states`);
    }
    this.prog.push(inst);
    return this.prog.length - 1;
  }

  private here(): number {
    return this.prog.length;
  }

  /** A split whose branches are patched once the code after it is known. */
  private split(): number {
    return this.emit({ op: 'split', a: -1, b: -1 });
  }

  private patch(at: number, into: number, rest: number, lazy: boolean | undefined): void {
    // Greedy: try one more `into` first; lazy: try the rest first.
    this.prog[at] = { op: 'split', a: lazy ? rest : into, b: lazy ? into : rest };
  }

  compile(node: Node): void {
    switch (node.t) {
      case 'empty':
        return;
      case 'class':
        this.emit({ op: 'class', cls: prepareClass(node.cls), next: this.here() + 1 });
        return;
      case 'assert':
        this.emit({ op: 'assert', kind: node.kind, next: this.here() + 1 });
        return;
      case 'group':
        this.emit({ op: 'save', slot: node.index * 2, next: this.here() + 1 });
        this.compile(node.item);
        this.emit({ op: 'save', slot: node.index * 2 + 1, next: this.here() + 1 });
        return;
      case 'cat':
        for (const item of node.items) this.compile(item);
        return;
      case 'alt': {
        const jumps: number[] = [];
        node.items.forEach((item, k) => {
          if (k < node.items.length - 1) {
            const split = this.split();
            this.compile(item);
            jumps.push(this.emit({ op: 'jmp', to: -1 }));
            this.patch(split, split + 1, this.here(), false);
          } else this.compile(item);
        });
        for (const j of jumps) this.prog[j] = { op: 'jmp', to: this.here() };
        return;
      }
      case 'repeat': {
        for (let k = 0; k < node.min; k++) this.compile(node.item);
        if (node.max === Infinity) {
          const split = this.split();
          this.compile(node.item);
          this.emit({ op: 'jmp', to: split });
          this.patch(split, split + 1, this.here(), node.lazy);
          return;
        }
        const splits: number[] = [];
        for (let k = node.min; k < node.max; k++) {
          splits.push(this.split());
          this.compile(node.item);
        }
        for (const s of splits) this.patch(s, s + 1, this.here(), node.lazy);
        return;
      }
    }
  }
}

export type Extractor = (text: string) => (string | undefined)[] | undefined;

/**
 * A function giving, for the first match of the regex in a text, each group's captured text (index 0 the whole
 * match; undefined for a group that took no part), or undefined where the regex does not match.
 */
export function compileExtractor(value: RegexValue): Extractor {
  const { tree, groups } = parseCapturing(value.pattern, value.flavour, value.flags);
  const compiler = new Compiler();
  compiler.prog.push({ op: 'save', slot: 0, next: 1 });
  compiler.compile(tree);
  if (value.anchored) compiler.prog.push({ op: 'assert', kind: 'text-end', next: compiler.prog.length + 1 });
  compiler.prog.push({ op: 'save', slot: 1, next: compiler.prog.length + 1 });
  compiler.prog.push({ op: 'match' });
  const prog = compiler.prog;
  // The closure below recurses along chains of empty steps; bound them well within the call stack.
  if (prog.length > MAX_EXTRACT_PROGRAM) {
    throw new EngineError(
      'regex-too-large',
      `regex expands to more than ${MAX_EXTRACT_PROGRAM} states for extraction`,
    );
  }
  const slots = (groups + 1) * 2;

  return (text) => {
    const len = text.length;
    const holds = (kind: AssertKind, at: number): boolean => assertHolds(kind, text, at);
    type Thread = { pc: number; caps: Int32Array };
    let matched: Int32Array | undefined;
    let seen = new Uint8Array(prog.length);

    /** Adds the threads reachable from `pc` at `at`, in priority order; a match stops lower-priority ones. */
    const add = (list: Thread[], pc: number, caps: Int32Array, at: number): boolean => {
      if (seen[pc]) return false;
      seen[pc] = 1;
      const inst = prog[pc] as Inst;
      switch (inst.op) {
        case 'jmp':
          return add(list, inst.to, caps, at);
        case 'split':
          return add(list, inst.a, caps, at) || add(list, inst.b, caps, at);
        case 'assert':
          return holds(inst.kind, at) ? add(list, inst.next, caps, at) : false;
        case 'save': {
          const copy = caps.slice();
          copy[inst.slot] = at;
          return add(list, inst.next, copy, at);
        }
        case 'match':
          matched = caps;
          return true;
        case 'class':
          list.push({ pc, caps });
          return false;
      }
    };

    let current: Thread[] = [];
    const fresh = () => new Int32Array(slots).fill(-1);
    add(current, 0, fresh(), 0);
    for (let at = 0; at < len;) {
      let cp = text.charCodeAt(at);
      let width = 1;
      if (cp >= 0xd800 && cp <= 0xdbff && at + 1 < len) {
        const low = text.charCodeAt(at + 1);
        if (low >= 0xdc00 && low <= 0xdfff) {
          cp = (cp - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000;
          width = 2;
        }
      }
      const after = at + width;
      seen = new Uint8Array(prog.length);
      const next: Thread[] = [];
      let cut = false;
      for (const thread of current) {
        const inst = prog[thread.pc] as Inst & { op: 'class' };
        if (classMatches(inst.cls, cp) && add(next, inst.next, thread.caps, after)) {
          // Threads after this one have lower priority than the match it reached.
          cut = true;
          break;
        }
      }
      // A match may start here only while none has been found (leftmost wins).
      if (!cut && matched === undefined && !value.anchored) add(next, 0, fresh(), after);
      current = next;
      at = after;
      // Nothing left to try: a match was found, or none can start any more.
      if (current.length === 0 && (matched !== undefined || value.anchored)) break;
    }
    if (matched === undefined) return undefined;
    const caps = matched;
    return Array.from({ length: groups + 1 }, (_, g) => {
      const start = caps[g * 2] as number;
      const end = caps[g * 2 + 1] as number;
      return start < 0 || end < 0 ? undefined : text.slice(start, end);
    });
  };
}
