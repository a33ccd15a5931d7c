/**
 * The Elasticsearch EQL grammar (chevrotain, embedded actions: no CST is built, the rules return the syntax
 * tree of ast.ts directly). One parser instance serves every parse: building it runs chevrotain's grammar
 * analysis, which is far too slow to repeat per query.
 *
 * The accepted grammar is documented as EBNF in grammars/eql.md; keep the two in step.
 */
import { EmbeddedActionsParser, EOF, type IOrAlt, type IToken, type TokenType } from 'chevrotain';
import * as T from './lexer.js';
import type {
  ArithOp,
  CompareOp,
  EventQueryNode,
  ExprNode,
  FieldNode,
  MatchOp,
  PipeNode,
  Pos,
  QueryNode,
  QueryWithPipes,
  StepNode,
  TimeUnit,
} from './ast.js';
import { EscapeError, rawValue, unescapeQuoted } from './strings.js';

/** A problem found while parsing, with its place in the query text (1-based). */
export interface SyntaxProblem {
  message: string;
  line: number;
  column: number;
}

const TIME_UNITS: ReadonlySet<string> = new Set(['ms', 's', 'm', 'h', 'd']);

function posOf(token: IToken): Pos {
  return { line: token.startLine ?? 1, column: token.startColumn ?? 1 };
}

/** Text of a field token without the `?` marker, backticks resolved (a doubled backtick is one backtick). */
function fieldPath(image: string): { path: string; optional: boolean } {
  const optional = image.startsWith('?');
  const text = optional ? image.slice(1) : image;
  if (!text.includes('`')) return { path: text, optional };
  const path = text.replace(/`((?:[^`]|``)*)`/g, (_m, inner: string) => inner.replace(/``/g, '`'));
  return { path, optional };
}

const PLAIN_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

class EqlParser extends EmbeddedActionsParser {
  /** Problems found by the actions (bad escapes, misplaced `=`…), reported after chevrotain's own. */
  problems: SyntaxProblem[] = [];

  constructor() {
    super(T.allTokens, { recoveryEnabled: false, maxLookahead: 3 });
    this.performSelfAnalysis();
  }

  private problem(token: IToken, message: string, columnOffset = 0): void {
    this.problems.push({
      message,
      line: token.startLine ?? 1,
      column: (token.startColumn ?? 1) + columnOffset,
    });
  }

  private stringValue(token: IToken): string {
    if (token.tokenType === T.RawString) return rawValue(token.image);
    try {
      return unescapeQuoted(token.image);
    } catch (error) {
      if (error instanceof EscapeError) {
        this.problem(token, error.message, error.offset);
        return token.image.slice(1, -1);
      }
      throw error;
    }
  }

  // ---------------------------------------------------------------------------------------------------
  // Queries

  public statement = this.RULE('statement', (): QueryWithPipes => {
    const query = this.SUBRULE(this.query);
    const pipes: PipeNode[] = [];
    this.MANY(() => {
      pipes.push(this.SUBRULE(this.pipe));
    });
    return { query, pipes };
  });

  private query = this.RULE('query', (): QueryNode => {
    return this.OR([
      { ALT: () => this.SUBRULE(this.sequence) },
      { ALT: () => this.SUBRULE(this.sample) },
      { ALT: () => ({ k: 'event', event: this.SUBRULE(this.eventQuery) }) as QueryNode },
    ]);
  });

  private eventQuery = this.RULE('eventQuery', (): EventQueryNode => {
    const token = this.OR([
      { ALT: () => this.CONSUME(T.Field) },
      { ALT: () => this.CONSUME(T.QuotedString) },
      { ALT: () => this.CONSUME(T.RawString) },
    ]);
    this.CONSUME(T.Where);
    const where = this.SUBRULE(this.expression);
    return this.ACTION(() => {
      let category: string;
      if (token.tokenType === T.Field) {
        category = token.image;
        if (!PLAIN_NAME.test(category))
          this.problem(token, `an event category is a plain name (or a "quoted" one), not ${category}`);
      } else category = this.stringValue(token);
      return { category, where, pos: posOf(token) };
    });
  });

  private sequence = this.RULE('sequence', (): QueryNode => {
    const start = this.CONSUME(T.Sequence);
    let keys: FieldNode[] = [];
    let maxspan: { value: number; unit: TimeUnit } | undefined;
    this.OPTION(() => {
      this.CONSUME(T.By);
      keys = this.SUBRULE(this.keyList);
    });
    this.OPTION2(() => {
      this.CONSUME(T.With);
      maxspan = this.SUBRULE(this.maxspan);
    });
    const steps: StepNode[] = [];
    this.AT_LEAST_ONE(() => {
      steps.push(this.SUBRULE(this.step));
    });
    let until: StepNode | undefined;
    this.OPTION3(() => {
      this.CONSUME(T.Until);
      until = this.SUBRULE2(this.step);
    });
    return this.ACTION(() => {
      for (const step of steps) {
        if (step.missing && maxspan === undefined) {
          this.problems.push({
            message: 'a missing event ![…] needs the sequence to have a maxspan',
            ...step.pos,
          });
        }
      }
      if (until?.runs !== undefined)
        this.problems.push({ message: 'an until step cannot have runs', ...until.pos });
      if (until?.missing)
        this.problems.push({ message: 'an until step cannot be a missing event ![…]', ...until.pos });
      const node: QueryNode = { k: 'sequence', keys, steps, pos: posOf(start) };
      if (maxspan) node.maxspan = maxspan;
      if (until) node.until = until;
      return node;
    });
  });

  private maxspan = this.RULE('maxspan', (): { value: number; unit: TimeUnit } => {
    const name = this.CONSUME(T.Field);
    this.CONSUME(T.Assign);
    const count = this.CONSUME(T.NumberLiteral);
    let unit: IToken | undefined;
    this.OPTION(() => {
      unit = this.CONSUME2(T.Field);
    });
    return this.ACTION(() => {
      if (name.image !== 'maxspan') this.problem(name, `expected maxspan=… after with, found ${name.image}`);
      if (!/^[0-9]+$/.test(count.image))
        this.problem(count, `maxspan must be a whole number with a time unit, not ${count.image}`);
      if (unit === undefined) {
        this.problem(
          count,
          `missing time unit in maxspan=${count.image}: did you mean ${count.image}s? (units: ms, s, m, h, d)`,
        );
        return { value: Number(count.image), unit: 's' as TimeUnit };
      }
      if (!TIME_UNITS.has(unit.image)) {
        this.problem(unit, `unknown time unit ${unit.image} in maxspan: use ms, s, m, h or d`);
      }
      return { value: Number(count.image), unit: unit.image as TimeUnit };
    });
  });

  private step = this.RULE('step', (): StepNode => {
    let bang: IToken | undefined;
    this.OPTION(() => {
      bang = this.CONSUME(T.Bang);
    });
    const open = this.CONSUME(T.LBracket);
    const query = this.SUBRULE(this.eventQuery);
    this.CONSUME(T.RBracket);
    let keys: FieldNode[] = [];
    this.OPTION2(() => {
      this.CONSUME(T.By);
      keys = this.SUBRULE(this.keyList);
    });
    let runs: number | undefined;
    this.OPTION3(() => {
      this.CONSUME(T.With);
      const name = this.CONSUME(T.Field);
      this.CONSUME(T.Assign);
      const count = this.CONSUME(T.NumberLiteral);
      this.ACTION(() => {
        if (name.image !== 'runs')
          this.problem(name, `expected runs=… after a sequence step's with, found ${name.image}`);
        if (!/^[0-9]+$/.test(count.image) || Number(count.image) < 1 || Number(count.image) > 100) {
          this.problem(count, `runs must be a whole number from 1 to 100, not ${count.image}`);
        }
        runs = Number(count.image);
      });
    });
    return this.ACTION(() => {
      const node: StepNode = { query, keys, missing: bang !== undefined, pos: posOf(bang ?? open) };
      if (runs !== undefined) node.runs = runs;
      return node;
    });
  });

  private sample = this.RULE('sample', (): QueryNode => {
    const start = this.CONSUME(T.Sample);
    let keys: FieldNode[] = [];
    this.OPTION(() => {
      this.CONSUME(T.By);
      keys = this.SUBRULE(this.keyList);
    });
    const steps: StepNode[] = [];
    this.AT_LEAST_ONE(() => {
      steps.push(this.SUBRULE(this.step));
    });
    return this.ACTION(() => {
      for (const step of steps) {
        if (step.missing)
          this.problems.push({ message: 'sample does not accept missing events ![…]', ...step.pos });
        if (step.runs !== undefined)
          this.problems.push({ message: 'sample does not accept with runs=…', ...step.pos });
      }
      return { k: 'sample', keys, steps, pos: posOf(start) } as QueryNode;
    });
  });

  private keyList = this.RULE('keyList', (): FieldNode[] => {
    const keys: FieldNode[] = [];
    this.AT_LEAST_ONE_SEP({
      SEP: T.Comma,
      DEF: () => {
        const token = this.CONSUME(T.Field);
        this.ACTION(() => keys.push({ k: 'field', ...fieldPath(token.image), pos: posOf(token) }));
      },
    });
    return keys;
  });

  private pipe = this.RULE('pipe', (): PipeNode => {
    this.CONSUME(T.Pipe);
    const name = this.CONSUME(T.Field);
    const count = this.OPTION(() => this.CONSUME(T.NumberLiteral));
    return this.ACTION(() => {
      if (name.image !== 'head' && name.image !== 'tail') {
        this.problem(
          name,
          `the pipe ${name.image} is not supported by Elasticsearch EQL (only head and tail are)`,
        );
      } else if (count === undefined) this.problem(name, `${name.image} needs a count: | ${name.image} 10`);
      else if (!/^[0-9]+$/.test(count.image))
        this.problem(count, `${name.image} takes a whole number, not ${count.image}`);
      return { name: name.image as 'head' | 'tail', count: Number(count?.image ?? 0), pos: posOf(name) };
    });
  });

  // ---------------------------------------------------------------------------------------------------
  // Expressions, lowest precedence first

  /*
   * The alternatives of the rules below are built once (class fields), not per call: this parser runs
   * per query in hot loops, and allocating closures for every OR is most of a naive parser's cost.
   */

  private expression = this.RULE('expression', (): ExprNode => {
    const first = this.SUBRULE(this.conjunction);
    let items: ExprNode[] | undefined;
    this.MANY(() => {
      this.CONSUME(T.Or);
      const next = this.SUBRULE2(this.conjunction);
      (items ??= [first]).push(next);
    });
    return items === undefined ? first : { k: 'or', items, pos: first.pos };
  });

  private conjunction = this.RULE('conjunction', (): ExprNode => {
    const first = this.SUBRULE(this.negation);
    let items: ExprNode[] | undefined;
    this.MANY(() => {
      this.CONSUME(T.And);
      const next = this.SUBRULE2(this.negation);
      (items ??= [first]).push(next);
    });
    return items === undefined ? first : { k: 'and', items, pos: first.pos };
  });

  private negationAlternatives = alternatives<ExprNode>(
    () => {
      const token = this.CONSUME(T.Not);
      const item = this.SUBRULE(this.negation);
      return { k: 'not', item, pos: posOf(token) };
    },
    () => this.SUBRULE(this.comparison),
  );

  private negation = this.RULE('negation', (): ExprNode => this.OR(this.negationAlternatives));

  /** What may follow the left operand of a comparison; the node is completed by `comparison`. */
  private comparisonTails = alternatives<ComparisonTail>(
    () => ({ k: 'compare', op: this.SUBRULE(this.compareOperator), right: this.SUBRULE2(this.sum) }),
    () => {
      const token = this.CONSUME(T.Assign);
      const right = this.SUBRULE3(this.sum);
      this.ACTION(() => this.problem(token, 'compare with == instead of ='));
      return { k: 'compare', op: '==', right };
    },
    () => {
      let negated = false;
      this.OPTION(() => {
        this.CONSUME(T.Not);
        negated = true;
      });
      const insensitive = this.OR2(this.inOperators);
      return { k: 'in', negated, insensitive, items: this.SUBRULE(this.expressionList) };
    },
    () => ({ k: 'match', op: this.SUBRULE(this.matchOperator), patterns: this.SUBRULE(this.patternList) }),
  );

  private inOperators = alternatives<boolean>(
    () => (this.CONSUME(T.In), false),
    () => (this.CONSUME(T.InInsensitive), true),
  );

  private comparison = this.RULE('comparison', (): ExprNode => {
    const left = this.SUBRULE(this.sum);
    const tail = this.OPTION9(() => this.OR(this.comparisonTails));
    // While chevrotain records the grammar, OR returns a placeholder object without `k`.
    if (tail === undefined || !('k' in tail)) return left;
    switch (tail.k) {
      case 'compare':
        return { k: 'compare', op: tail.op, left, right: tail.right, pos: left.pos };
      case 'in':
        return {
          k: 'in',
          negated: tail.negated,
          insensitive: tail.insensitive,
          left,
          items: tail.items,
          pos: left.pos,
        };
      case 'match':
        return { k: 'match', op: tail.op, left, patterns: tail.patterns, pos: left.pos };
    }
  });

  private compareOperators = alternatives<CompareOp>(
    () => (this.CONSUME(T.EqEq), '=='),
    () => (this.CONSUME(T.NotEq), '!='),
    () => (this.CONSUME(T.LtEq), '<='),
    () => (this.CONSUME(T.GtEq), '>='),
    () => (this.CONSUME(T.Lt), '<'),
    () => (this.CONSUME(T.Gt), '>'),
  );

  private compareOperator = this.RULE('compareOperator', (): CompareOp => this.OR(this.compareOperators));

  private matchOperators = alternatives<MatchOp>(
    () => (this.CONSUME(T.Colon), ':'),
    () => (this.CONSUME(T.Like), 'like'),
    () => (this.CONSUME(T.LikeInsensitive), 'like~'),
    () => (this.CONSUME(T.Regex), 'regex'),
    () => (this.CONSUME(T.RegexInsensitive), 'regex~'),
  );

  private matchOperator = this.RULE('matchOperator', (): MatchOp => this.OR(this.matchOperators));

  private patternLists = alternatives<string[]>(
    () => [this.SUBRULE(this.stringLiteral)],
    () => {
      this.CONSUME(T.LParen);
      const values = [this.SUBRULE2(this.stringLiteral)];
      this.MANY(() => {
        this.CONSUME(T.Comma);
        this.OPTION(() => values.push(this.SUBRULE3(this.stringLiteral)));
      });
      this.CONSUME(T.RParen);
      return values;
    },
  );

  /** The right side of `:`, `like`, `regex`…: one string literal or a parenthesised list of them. */
  private patternList = this.RULE('patternList', (): string[] => this.OR(this.patternLists));

  private stringTokens = alternatives<IToken>(
    () => this.CONSUME(T.QuotedString),
    () => this.CONSUME(T.RawString),
  );

  private stringLiteral = this.RULE('stringLiteral', (): string => {
    const token = this.OR(this.stringTokens);
    return this.ACTION(() => this.stringValue(token));
  });

  /** `( e, e, … )` with an optional trailing comma. */
  private expressionList = this.RULE('expressionList', (): ExprNode[] => {
    this.CONSUME(T.LParen);
    const items = [this.SUBRULE(this.expression)];
    this.MANY(() => {
      this.CONSUME(T.Comma);
      this.OPTION(() => items.push(this.SUBRULE2(this.expression)));
    });
    this.CONSUME(T.RParen);
    return items;
  });

  private additiveOperators = alternatives<ArithOp>(
    () => (this.CONSUME(T.Plus), '+'),
    () => (this.CONSUME(T.Minus), '-'),
  );

  private sum = this.RULE('sum', (): ExprNode => {
    let left = this.SUBRULE(this.product);
    this.MANY(() => {
      const op = this.OR(this.additiveOperators);
      const right = this.SUBRULE2(this.product);
      left = { k: 'arith', op, left, right, pos: left.pos };
    });
    return left;
  });

  private multiplicativeOperators = alternatives<ArithOp>(
    () => (this.CONSUME(T.Star), '*'),
    () => (this.CONSUME(T.Slash), '/'),
    () => (this.CONSUME(T.Percent), '%'),
  );

  private product = this.RULE('product', (): ExprNode => {
    let left = this.SUBRULE(this.unary);
    this.MANY(() => {
      const op = this.OR(this.multiplicativeOperators);
      const right = this.SUBRULE2(this.unary);
      left = { k: 'arith', op, left, right, pos: left.pos };
    });
    return left;
  });

  private unaryAlternatives = alternatives<ExprNode>(
    () => {
      const token = this.CONSUME(T.Minus);
      const operand = this.SUBRULE(this.unary);
      return this.ACTION(() =>
        operand.k === 'number'
          ? ({ k: 'number', value: -operand.value, pos: posOf(token) } as ExprNode)
          : ({ k: 'negate', operand, pos: posOf(token) } as ExprNode),
      );
    },
    () => {
      this.CONSUME(T.Plus);
      return this.SUBRULE2(this.unary);
    },
    () => this.SUBRULE(this.atom),
  );

  private unary = this.RULE('unary', (): ExprNode => this.OR(this.unaryAlternatives));

  private atomAlternatives = alternatives<ExprNode>(
    () => {
      const token = this.CONSUME(T.NumberLiteral);
      return { k: 'number', value: Number(token.image), pos: posOf(token) };
    },
    () => {
      const token = this.OR2(this.stringTokens);
      return this.ACTION(
        () => ({ k: 'string', value: this.stringValue(token), pos: posOf(token) }) as ExprNode,
      );
    },
    () => ({ k: 'boolean', value: true, pos: posOf(this.CONSUME(T.True)) }),
    () => ({ k: 'boolean', value: false, pos: posOf(this.CONSUME(T.False)) }),
    () => ({ k: 'null', pos: posOf(this.CONSUME(T.Null)) }),
    () => this.SUBRULE(this.fieldOrCall),
    () => {
      this.CONSUME(T.LParen);
      const inner = this.SUBRULE(this.expression);
      this.CONSUME(T.RParen);
      return inner;
    },
  );

  private atom = this.RULE('atom', (): ExprNode => this.OR(this.atomAlternatives));

  private fieldOrCall = this.RULE('fieldOrCall', (): ExprNode => {
    const token = this.CONSUME(T.Field);
    const call = this.OPTION(() => {
      const insensitive = this.OPTION2(() => this.CONSUME(T.Tilde)) !== undefined;
      this.CONSUME(T.LParen);
      const args: ExprNode[] = [];
      this.OPTION3(() => {
        args.push(this.SUBRULE(this.expression));
        this.MANY(() => {
          this.CONSUME(T.Comma);
          args.push(this.SUBRULE2(this.expression));
        });
      });
      this.CONSUME(T.RParen);
      return { insensitive, args };
    });
    return this.ACTION(() => {
      if (call === undefined) return { k: 'field', ...fieldPath(token.image), pos: posOf(token) } as ExprNode;
      if (!PLAIN_NAME.test(token.image)) this.problem(token, `${token.image} is not a function name`);
      return {
        k: 'call',
        name: token.image,
        insensitive: call.insensitive,
        args: call.args,
        pos: posOf(token),
      } as ExprNode;
    });
  });
}

type ComparisonTail =
  | { k: 'compare'; op: CompareOp; right: ExprNode }
  | { k: 'in'; negated: boolean; insensitive: boolean; items: ExprNode[] }
  | { k: 'match'; op: MatchOp; patterns: string[] };

/** OR alternatives from plain functions (built once per parser, see above). */
function alternatives<R>(...alts: Array<() => R>): IOrAlt<R>[] {
  return alts.map((alt) => ({ ALT: alt }));
}

const parser = new EqlParser();

function describeToken(token: IToken): string {
  if (token.tokenType === EOF) return 'the end of the query';
  return `\`${token.image.length > 40 ? token.image.slice(0, 40) + '…' : token.image}\``;
}

function describeType(type: TokenType): string {
  const pattern = type.PATTERN;
  if (typeof pattern === 'string') return `\`${pattern}\``;
  switch (type) {
    case T.Field:
      return 'a name';
    case T.NumberLiteral:
      return 'a number';
    case T.QuotedString:
    case T.RawString:
      return 'a string';
    case EOF:
      return 'the end of the query';
    default:
      return type.name;
  }
}

/** What each rule expects, for "no viable alternative" errors. */
const EXPECTED_BY_RULE: Record<string, string> = {
  query: 'a query (`category where …`, `sequence` or `sample`)',
  eventQuery: 'an event category',
  atom: 'a value, a field or a function call',
  unary: 'a value, a field or a function call',
  negation: 'a condition',
  compareOperator: 'a comparison operator',
  matchOperator: 'an operator',
  patternList: 'a string or a parenthesised list of strings',
  stringLiteral: 'a string',
};

/**
 * Parses one EQL query. Returns the tree, or the first problem (lexical, syntactic, then semantic, in
 * that order of precedence) with its line and column. `lineOffset` / `columnOffset` place the query inside
 * a larger text (a JSONL record) for the positions reported.
 */
export function parseEql(
  text: string,
): { ok: true; tree: QueryWithPipes } | { ok: false; problem: SyntaxProblem } {
  const lexed = T.eqlLexer.tokenize(text);
  if (lexed.errors.length > 0) {
    const e = lexed.errors[0]!;
    const ch = text.slice(e.offset, e.offset + 1);
    return {
      ok: false,
      problem: { message: `unexpected character \`${ch}\``, line: e.line ?? 1, column: e.column ?? 1 },
    };
  }
  for (const token of lexed.tokens) {
    const mistake = T.lexicalMistakes.get(token.tokenType);
    if (mistake) return { ok: false, problem: { message: mistake, ...posOf(token) } };
  }
  parser.input = lexed.tokens;
  parser.problems = [];
  const tree = parser.statement();
  if (parser.errors.length > 0) {
    const error = parser.errors[0]!;
    const token = error.token;
    const at = token.tokenType === EOF ? lastPosition(text) : posOf(token);
    return {
      ok: false,
      problem: { message: syntaxMessage(error.name, error.message, token, error.context.ruleStack), ...at },
    };
  }
  if (parser.problems.length > 0) return { ok: false, problem: parser.problems[0]! };
  return { ok: true, tree };
}

function syntaxMessage(kind: string, chevrotainMessage: string, token: IToken, ruleStack: string[]): string {
  if (token.tokenType === T.Assign) return 'compare with == instead of =';
  const found = describeToken(token);
  if (kind === 'MismatchedTokenException') {
    const m = /Expecting token of type --> (\w+) <--/.exec(chevrotainMessage);
    const type = m
      ? (T.allTokens.find((t) => t.name === m[1]) ?? (m[1] === 'EOF' ? EOF : undefined))
      : undefined;
    const expected = type ? describeType(type) : 'something else';
    const hint = type === T.RBracket || type === T.RParen ? ' (unbalanced brackets?)' : '';
    return `expected ${expected} but found ${found}${hint}`;
  }
  if (kind === 'NotAllInputParsedException') return `unexpected ${found} after the end of the query`;
  const rule = ruleStack[ruleStack.length - 1] ?? '';
  return `expected ${EXPECTED_BY_RULE[rule] ?? 'something else'} but found ${found}`;
}

/** Where the end of the text is, for errors at the end of input. */
function lastPosition(text: string): Pos {
  const trimmed = text.replace(/\s+$/, '');
  const lines = trimmed.split('\n');
  return { line: lines.length, column: (lines[lines.length - 1] as string).length + 1 };
}

/** The grammar as chevrotain sees it, for generating diagrams. */
export function eqlGrammar() {
  return parser.getSerializedGastProductions();
}
