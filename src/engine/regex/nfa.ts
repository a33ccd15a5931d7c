/**
 * A Thompson NFA for the parsed regex, run by simulating all threads in lock step (Pike's method without
 * captures, since a detection only asks "does it match?"). Time is O(text × program) whatever the pattern:
 * `(a+)+$` on a long run of `a`s costs the same as `a+$`. No recursion at match time. Positions are UTF-16
 * offsets; a surrogate pair is consumed as one code point.
 */
import { EngineError } from '../errors.js';
import type { AssertKind, CharClass, Node } from './ast.js';

/** Programs larger than this are refused (a{1000}{1000} would otherwise expand to a million states). */
export const MAX_PROGRAM = 200_000;

export type Inst =
  | { op: 'class'; cls: CharClass; next: number }
  | { op: 'split'; a: number; b: number }
  | { op: 'jmp'; to: number }
  | { op: 'assert'; kind: AssertKind; next: number }
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

  /** Emits `node` so that it continues at the instruction emitted next (patched through `next` fields). */
  compile(node: Node): void {
    switch (node.t) {
      case 'empty':
        return;
      case 'class':
        this.emit({ op: 'class', cls: node.cls, next: this.prog.length + 1 });
        return;
      case 'assert':
        this.emit({ op: 'assert', kind: node.kind, next: this.prog.length + 1 });
        return;
      case 'cat':
        for (const item of node.items) this.compile(item);
        return;
      case 'alt': {
        const jumps: number[] = [];
        node.items.forEach((item, k) => {
          if (k < node.items.length - 1) {
            const split = this.emit({ op: 'split', a: this.prog.length + 1, b: -1 });
            this.compile(item);
            jumps.push(this.emit({ op: 'jmp', to: -1 }));
            (this.prog[split] as { b: number }).b = this.prog.length;
          } else this.compile(item);
        });
        for (const j of jumps) (this.prog[j] as { to: number }).to = this.prog.length;
        return;
      }
      case 'group':
        this.compile(node.item);
        return;
      case 'repeat': {
        for (let k = 0; k < node.min; k++) this.compile(node.item);
        if (node.max === Infinity) {
          const split = this.emit({ op: 'split', a: this.prog.length + 1, b: -1 });
          this.compile(node.item);
          this.emit({ op: 'jmp', to: split });
          (this.prog[split] as { b: number }).b = this.prog.length;
          return;
        }
        const splits: number[] = [];
        for (let k = node.min; k < node.max; k++) {
          splits.push(this.emit({ op: 'split', a: this.prog.length + 1, b: -1 }));
          this.compile(node.item);
        }
        for (const s of splits) (this.prog[s] as { b: number }).b = this.prog.length;
        return;
      }
    }
  }
}

function otherCase(cp: number): [number, number] {
  const c = String.fromCodePoint(cp);
  return [c.toLowerCase().codePointAt(0) as number, c.toUpperCase().codePointAt(0) as number];
}

function inRanges(ranges: Array<[number, number]>, cp: number): boolean {
  for (const [lo, hi] of ranges) {
    if (cp < lo) return false;
    if (cp <= hi) return true;
  }
  return false;
}

/**
 * A class prepared for matching: a bitmap answers ASCII in one lookup (case variants folded in at compile
 * time); other code points search the ranges, and try their other case when the class ignores case.
 */
export interface PreparedClass {
  ascii: Uint8Array;
  ranges: Array<[number, number]>;
  negated: boolean;
  icase: boolean;
}

export function prepareClass(cls: CharClass): PreparedClass {
  const ascii = new Uint8Array(128);
  for (let c = 0; c < 128; c++) {
    let hit = inRanges(cls.ranges, c);
    if (!hit && cls.icase) {
      const other = c >= 65 && c <= 90 ? c + 32 : c >= 97 && c <= 122 ? c - 32 : c;
      hit = inRanges(cls.ranges, other);
      // Non-ASCII letters whose case partner is ASCII (the Kelvin sign K, long s ſ) are rare; runtime covers them.
    }
    ascii[c] = hit !== cls.negated ? 1 : 0;
  }
  return { ascii, ranges: cls.ranges, negated: cls.negated, icase: cls.icase };
}

export function classMatches(cls: PreparedClass, cp: number): boolean {
  if (cp < 128) return cls.ascii[cp] === 1;
  let hit = inRanges(cls.ranges, cp);
  if (!hit && cls.icase) {
    const [lower, upper] = otherCase(cp);
    hit = (lower !== cp && inRanges(cls.ranges, lower)) || (upper !== cp && inRanges(cls.ranges, upper));
  }
  return hit !== cls.negated;
}

/** Whether an assertion holds at a position of a text (UTF-16 offsets). */
export function assertHolds(kind: AssertKind, text: string, at: number): boolean {
  const len = text.length;
  switch (kind) {
    case 'text-start':
      return at === 0;
    case 'line-start':
      return at === 0 || text.charCodeAt(at - 1) === 10;
    case 'text-end':
      return at === len;
    case 'text-end-newline':
      return at === len || (at === len - 1 && text.charCodeAt(at) === 10);
    case 'line-end':
      return at === len || text.charCodeAt(at) === 10;
    case 'word-boundary':
    case 'not-word-boundary': {
      const edge =
        (at > 0 && isWordUnit(text.charCodeAt(at - 1))) !== (at < len && isWordUnit(text.charCodeAt(at)));
      return kind === 'word-boundary' ? edge : !edge;
    }
  }
}

function isWordUnit(code: number): boolean {
  return (
    (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || code === 95 || (code >= 97 && code <= 122)
  );
}

export interface CompiledNfa {
  /** Whether the text matches: the whole text when `anchored`, else some substring. */
  test(text: string): boolean;
  readonly size: number;
}

/**
 * The characters that can begin a match, from the states the program starts in. Not usable (no skipping)
 * when an assertion or an empty match is reachable there, since those depend on the position.
 */
function firstCharacters(
  op: Uint8Array,
  x: Int32Array,
  y: Int32Array,
  classes: Array<PreparedClass | undefined>,
): { usable: boolean; ascii: Uint8Array; nonAscii: boolean } {
  const ascii = new Uint8Array(128);
  let nonAscii = false;
  const seen = new Set<number>();
  const stack = [0];
  while (stack.length > 0) {
    const s = stack.pop() as number;
    if (seen.has(s)) continue;
    seen.add(s);
    switch (op[s]) {
      case OP_JMP:
        stack.push(x[s] as number);
        break;
      case OP_SPLIT:
        stack.push(x[s] as number, y[s] as number);
        break;
      case OP_CLASS: {
        const cls = classes[s] as PreparedClass;
        for (let c = 0; c < 128; c++) if (cls.ascii[c] === 1) ascii[c] = 1;
        if (cls.negated || cls.icase || cls.ranges.some(([, hi]) => hi >= 128)) nonAscii = true;
        break;
      }
      default:
        return { usable: false, ascii, nonAscii: true };
    }
  }
  return { usable: true, ascii, nonAscii };
}

const OP_CLASS = 0;
const OP_SPLIT = 1;
const OP_JMP = 2;
const OP_ASSERT = 3;
const OP_MATCH = 4;

/** The program for `root`, without its final match instruction. */
export function buildProgram(root: Node): Inst[] {
  const compiler = new Compiler();
  compiler.compile(root);
  return compiler.prog;
}

export function compileNfa(root: Node, anchored: boolean): CompiledNfa {
  const compiler = new Compiler();
  compiler.compile(root);
  if (anchored) compiler.prog.push({ op: 'assert', kind: 'text-end', next: compiler.prog.length + 1 });
  compiler.prog.push({ op: 'match' });
  const prog = compiler.prog;
  const n = prog.length;

  // The program as flat arrays: the simulation loop then touches no objects but the classes.
  const op = new Uint8Array(n);
  const x = new Int32Array(n); // class: next; split: a; jmp: to; assert: next
  const y = new Int32Array(n); // split: b
  const classes: Array<PreparedClass | undefined> = new Array(n);
  const asserts: Array<AssertKind | undefined> = new Array(n);
  prog.forEach((inst, k) => {
    switch (inst.op) {
      case 'class':
        op[k] = OP_CLASS;
        x[k] = inst.next;
        classes[k] = prepareClass(inst.cls);
        break;
      case 'split':
        op[k] = OP_SPLIT;
        x[k] = inst.a;
        y[k] = inst.b;
        break;
      case 'jmp':
        op[k] = OP_JMP;
        x[k] = inst.to;
        break;
      case 'assert':
        op[k] = OP_ASSERT;
        x[k] = inst.next;
        asserts[k] = inst.kind;
        break;
      case 'match':
        op[k] = OP_MATCH;
        break;
    }
  });

  const first = firstCharacters(op, x, y, classes);

  // Work lists, reused across calls (matching is synchronous, so never re-entered).
  let current = new Int32Array(n);
  let next = new Int32Array(n);
  const onList = new Int32Array(n);
  const stack = new Int32Array(n + 1);
  let generation = 0;

  return {
    size: n,
    test(text: string): boolean {
      const len = text.length;
      let matched = false;

      const holds = (kind: AssertKind, at: number): boolean => assertHolds(kind, text, at);

      /** Adds the threads reachable from `pc` without consuming input at position `at`. */
      const add = (list: Int32Array, count: number, pc: number, at: number): number => {
        let top = 0;
        stack[top++] = pc;
        while (top > 0) {
          const s = stack[--top] as number;
          if (onList[s] === generation) continue;
          onList[s] = generation;
          switch (op[s]) {
            case OP_JMP:
              stack[top++] = x[s] as number;
              break;
            case OP_SPLIT:
              stack[top++] = y[s] as number;
              stack[top++] = x[s] as number;
              break;
            case OP_ASSERT:
              if (holds(asserts[s] as AssertKind, at)) stack[top++] = x[s] as number;
              break;
            case OP_MATCH:
              matched = true;
              break;
            default:
              list[count++] = s;
          }
        }
        return count;
      };

      // Generation marks say whether a state is already on a list for this position (no clearing needed).
      if (generation > 0x3fffffff) {
        onList.fill(0);
        generation = 0;
      }
      generation++;
      let currentCount = add(current, 0, 0, 0);
      // True while the only live threads are the ones the unanchored search starts at each position.
      let onlyStart = !anchored;
      for (let at = 0; at < len && !matched;) {
        if (onlyStart && first.usable) {
          // Nothing is in progress: jump to the next character that can begin a match.
          let p = at;
          while (p < len) {
            const c = text.charCodeAt(p);
            if (c < 128 ? first.ascii[c] === 1 : first.nonAscii) break;
            p++;
          }
          if (p >= len) break;
          if (p !== at) {
            at = p;
            generation++;
            currentCount = add(current, 0, 0, at);
          }
        }
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
        generation++;
        let nextCount = 0;
        for (let k = 0; k < currentCount; k++) {
          const s = current[k] as number;
          if (classMatches(classes[s] as PreparedClass, cp)) {
            nextCount = add(next, nextCount, x[s] as number, after);
            if (matched) return true;
          }
        }
        onlyStart = !anchored && nextCount === 0;
        if (!anchored) nextCount = add(next, nextCount, 0, after);
        const swap = current;
        current = next;
        next = swap;
        currentCount = nextCount;
        at = after;
        if (anchored && currentCount === 0) return matched;
      }
      return matched;
    },
  };
}
