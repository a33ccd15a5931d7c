/**
 * The KQL grammar (chevrotain, embedded actions: the rules build the syntax tree of ast.ts directly, no CST).
 * One parser instance serves every parse, because building it runs chevrotain's grammar analysis.
 *
 * Precedence follows Kusto.Language's QueryParser (loosest first): `or`; `and`; `==` `!=` `<>` `in` `!in`
 * `in~` `!in~` `has_any` `has_all` `between` `!between` (non-associative); `<` `<=` `>` `>=` (non-associative);
 * `+` `-`; `*` `/` `%`; the string operators `=~` `!~` `has` `contains` `startswith` … `matches regex`
 * (non-associative); unary `-` `+`; calls, `.` and `[]`, literals, parentheses. The accepted subset is
 * documented in grammars/kql.md.
 */
import { EmbeddedActionsParser, EOF, type IOrAlt, type IToken, type TokenType } from 'chevrotain';
import type * as A from './ast.js';
import * as T from './tokens.js';
import { lex, type NumberPayload, type StringPayload } from './lexer.js';
import { KqlSyntaxError } from './errors.js';

interface TypedPayload {
  word: string;
  raw: string;
}

class KqlParser extends EmbeddedActionsParser {
  /**
   * Lists being collected by the rules now running, innermost last. Loops push into the innermost list
   * through one cached closure (`collect`) instead of a closure made per rule call: the parser makes far
   * fewer functions per query that way, which is most of its speed.
   */
  private frames: unknown[][] = [];
  private readonly collect = (value: unknown): void => {
    (this.frames[this.frames.length - 1] as unknown[]).push(value);
  };
  private open(): void {
    this.frames.push([]);
  }
  private close<V>(): V[] {
    return (this.frames.pop() ?? []) as V[];
  }
  resetFrames(): void {
    this.frames = [];
  }

  constructor() {
    super(T.allTokens, { maxLookahead: 3, recoveryEnabled: false, skipValidations: false });
    this.performSelfAnalysis();
  }

  /** A span from a first token to the last consumed token. */
  private span(first: IToken): A.Span {
    const last = this.LA(0);
    return {
      start: first.startOffset,
      end: (last.endOffset ?? last.startOffset) + 1,
      line: first.startLine ?? 0,
      column: first.startColumn ?? 0,
    };
  }

  private isTokenAt(k: number, type: TokenType): boolean {
    const tok = this.LA(k);
    return tok.tokenType === type || (tok.tokenType.CATEGORIES ?? []).includes(type);
  }

  /** `name =` or `a.b.c =` ahead (an operator parameter such as `kind=inner`, `hint.strategy=shuffle`). */
  private paramAhead(): boolean {
    if (!this.isTokenAt(1, T.Name)) return false;
    let k = 2;
    while (this.LA(k).tokenType === T.Dot && this.isTokenAt(k + 1, T.Name)) k += 2;
    return this.LA(k).tokenType === T.Assign;
  }

  /** `( … ) {` ahead: a function definition in a let statement. */
  private functionAhead(): boolean {
    if (this.LA(1).tokenType !== T.LParen) return false;
    let depth = 0;
    for (let k = 1; ; k++) {
      const type = this.LA(k).tokenType;
      if (type === EOF) return false;
      if (type === T.LParen) depth++;
      else if (type === T.RParen && --depth === 0) return this.LA(k + 1).tokenType === T.LBrace;
    }
  }

  /** `( a, b ) =` ahead: a tuple assignment in extend/summarize. */
  private tupleAssignAhead(): boolean {
    if (this.LA(1).tokenType !== T.LParen) return false;
    for (let k = 2; ; k += 2) {
      if (!this.isTokenAt(k, T.Name)) return false;
      const next = this.LA(k + 1).tokenType;
      if (next === T.RParen) return this.LA(k + 2).tokenType === T.Assign;
      if (next !== T.Comma) return false;
    }
  }

  public queryEof = this.RULE('queryEof', (): A.QueryAst => {
    const statements = this.SUBRULE(this.statements);
    this.CONSUME(EOF);
    return { statements };
  });

  private statementStep?: () => void;
  private statementAlts?: IOrAlt<unknown>[];
  private statements = this.RULE('statements', (): A.Statement[] => {
    this.open();
    this.MANY(
      (this.statementStep ??= () => {
        this.OR(
          (this.statementAlts ??= [
            { ALT: () => this.CONSUME(T.Semi) },
            { ALT: () => this.collect(this.SUBRULE(this.statement)) },
          ]),
        );
      }),
    );
    return this.close();
  });

  private statementAlternatives?: { IGNORE_AMBIGUITIES: boolean; DEF: IOrAlt<A.Statement>[] };
  private statement = this.RULE('statement', (): A.Statement => {
    const first = this.LA(1);
    const statement = this.OR((this.statementAlternatives ??= this.buildStatementAlternatives()));
    return { ...statement, ...this.span(first) } as A.Statement;
  });

  /** The statement alternatives, each returning its statement; `statement` adds the span. */
  private buildStatementAlternatives(): { IGNORE_AMBIGUITIES: boolean; DEF: IOrAlt<A.Statement>[] } {
    const first = { start: 0, end: 0, line: 0, column: 0 }; // replaced by the real span in `statement`
    return {
      IGNORE_AMBIGUITIES: true,
      DEF: [
        {
          ALT: () => {
            this.CONSUME(T.Let);
            const name = this.CONSUME(T.Name).image;
            this.CONSUME(T.Assign);
            const value = this.OR2([
              {
                GATE: () => this.LA(1).image === 'view' && this.LA(2).tokenType === T.LParen,
                ALT: () => {
                  this.CONSUME3(T.Name);
                  return this.SUBRULE2(this.functionDef);
                },
              },
              { GATE: () => this.functionAhead(), ALT: () => this.SUBRULE(this.functionDef) },
              { ALT: () => this.SUBRULE(this.pipeExpr) },
            ]);
            return { kind: 'let' as const, name, value, ...first };
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.Declare);
            const what = this.CONSUME2(T.Name);
            this.ACTION(() => {
              if (what.image !== 'query_parameters')
                throw tokenError(`expected 'query_parameters' after 'declare'`, what);
            });
            this.CONSUME(T.LParen);
            const params: A.QueryParameter[] = [];
            this.MANY_SEP({
              SEP: T.Comma,
              DEF: () => {
                const name = this.CONSUME4(T.Name).image;
                this.CONSUME(T.Colon);
                const type = this.CONSUME5(T.Name).image;
                let value: A.Expr | undefined;
                this.OPTION(() => {
                  this.CONSUME2(T.Assign);
                  value = this.SUBRULE(this.expr);
                });
                params.push(value === undefined ? { name, type } : { name, type, default: value });
              },
            });
            this.CONSUME(T.RParen);
            return { kind: 'declare' as const, params, ...first };
          },
        },
        {
          GATE: () => this.isTokenAt(2, T.Name),
          ALT: () => {
            this.CONSUME(T.SetKw);
            this.MANY(() => this.CONSUME(T.Plain));
            return { kind: 'set' as const, ...first };
          },
        },
        {
          ALT: () => {
            const expr = this.SUBRULE2(this.pipeExpr);
            return { kind: 'expr' as const, expr, ...first };
          },
        },
      ],
    };
  }

  private functionDef = this.RULE('functionDef', (): A.FunctionDef => {
    const first = this.LA(1);
    const parameterless = this.LA(2).tokenType === T.RParen;
    this.SUBRULE(this.group);
    this.CONSUME(T.LBrace);
    const body = this.SUBRULE(this.statements);
    this.CONSUME(T.RBrace);
    return { kind: 'function', parameterless, body, ...this.span(first) };
  });

  /** Any bracketed token run, kept as text by the caller: `( … )`, `[ … ]`, `{ … }`. */
  private groupAlts?: IOrAlt<void>[];
  private group = this.RULE('group', (): void => {
    this.OR(
      (this.groupAlts ??= [
        {
          ALT: () => {
            this.CONSUME(T.LParen);
            this.SUBRULE(this.groupBody);
            this.CONSUME(T.RParen);
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.LBracket);
            this.SUBRULE2(this.groupBody);
            this.CONSUME(T.RBracket);
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.LBrace);
            this.SUBRULE3(this.groupBody);
            this.CONSUME(T.RBrace);
          },
        },
      ]),
    );
  });

  private groupBodyStep?: () => void;
  private groupBodyAlts?: IOrAlt<unknown>[];
  private groupBody = this.RULE('groupBody', (): void => {
    this.MANY(
      (this.groupBodyStep ??= () => {
        this.OR(
          (this.groupBodyAlts ??= [
            { ALT: () => this.SUBRULE(this.group) },
            { ALT: () => this.CONSUME(T.Plain) },
            { ALT: () => this.CONSUME(T.Pipe) },
            { ALT: () => this.CONSUME(T.Semi) },
          ]),
        );
      }),
    );
  });

  private opaqueStep?: () => void;
  private opaqueAlts?: IOrAlt<unknown>[];
  /** The arguments of an operator we keep opaque: anything up to the next `|` at bracket depth 0. */
  private opaqueBody = this.RULE('opaqueBody', (): void => {
    this.MANY(
      (this.opaqueStep ??= () => {
        this.OR(
          (this.opaqueAlts ??= [
            { ALT: () => this.SUBRULE(this.group) },
            { ALT: () => this.CONSUME(T.Plain) },
          ]),
        );
      }),
    );
  });

  private pipesOption?: () => A.Operator[];
  public pipeExpr = this.RULE('pipeExpr', (): A.Expr => {
    const first = this.LA(1);
    const source = this.SUBRULE(this.pipeSource);
    const ops = this.OPTION((this.pipesOption ??= () => this.SUBRULE(this.pipes)));
    return ops === undefined || this.RECORDING_PHASE
      ? source
      : { kind: 'pipe', source, ops, ...this.span(first) };
  });

  private pipeStep?: () => void;
  private pipes = this.RULE('pipes', (): A.Operator[] => {
    this.open();
    this.AT_LEAST_ONE(
      (this.pipeStep ??= () => {
        this.CONSUME(T.Pipe);
        this.collect(this.SUBRULE(this.operator));
      }),
    );
    return this.close();
  });

  private sourceAlts?: IOrAlt<A.Expr>[];
  private pipeSource = this.RULE('pipeSource', (): A.Expr => {
    return this.OR(
      (this.sourceAlts ??= [
        { ALT: () => this.SUBRULE(this.unionSource) },
        { ALT: () => this.SUBRULE(this.inlineData) },
        { ALT: () => this.SUBRULE(this.expr) },
      ]),
    );
  });

  private unionSource = this.RULE('unionSource', (): A.Expr => {
    const first = this.CONSUME(T.Union);
    const { params, items } = this.SUBRULE(this.unionBody);
    return { kind: 'union', params, items, ...this.span(first) };
  });

  private inlineData = this.RULE('inlineData', (): A.Expr => {
    const first = this.LA(1);
    const keyword = this.OR([
      { ALT: () => this.CONSUME(T.Datatable) },
      { ALT: () => this.CONSUME(T.Externaldata) },
    ]).image;
    this.SUBRULE(this.group);
    this.SUBRULE2(this.group);
    this.OPTION(() => {
      this.CONSUME(T.With);
      this.SUBRULE3(this.group);
    });
    return { kind: 'opaque', keyword, ...this.span(first) };
  });

  /** Operator parameters; with `onlyHints`, only `hint.…=` ones (summarize, where a name could be an output column). */
  private params = this.RULE('params', (onlyHints?: boolean): A.Param[] => {
    const out: A.Param[] = [];
    this.MANY({
      GATE: () => this.paramAhead() && (!onlyHints || this.LA(1).image === 'hint'),
      DEF: () => {
        let name = this.CONSUME(T.Name).image;
        this.MANY2(() => {
          this.CONSUME(T.Dot);
          name += '.' + this.CONSUME2(T.Name).image;
        });
        this.CONSUME(T.Assign);
        const value = this.OR([
          { ALT: () => this.CONSUME3(T.Name) },
          { ALT: () => this.CONSUME(T.BoolLit) },
          { ALT: () => this.CONSUME(T.StringLit) },
          { ALT: () => this.CONSUME(T.NumberLit) },
        ]).image;
        out.push({ name, value });
      },
    });
    return out;
  });

  private unionBody = this.RULE('unionBody', (): { params: A.Param[]; items: A.Expr[] } => {
    const params = this.SUBRULE(this.params);
    const items: A.Expr[] = [];
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => items.push(this.SUBRULE(this.expr)) });
    return { params, items };
  });

  private operatorAlts?: {
    IGNORE_AMBIGUITIES: boolean;
    DEF: IOrAlt<Omit<A.Operator, 'keyword' | keyof A.Span>>[];
  };
  private operator = this.RULE('operator', (): A.Operator => {
    const first = this.LA(1);
    const op = this.OR((this.operatorAlts ??= this.operatorAlternatives()));
    return { ...op, keyword: first.image, ...this.span(first) } as A.Operator;
  });

  /** The alternatives of `operator`, each returning the operator without its keyword and span. */
  private operatorAlternatives(): {
    IGNORE_AMBIGUITIES: boolean;
    DEF: IOrAlt<Omit<A.Operator, 'keyword' | keyof A.Span>>[];
  } {
    const done = <O extends object>(o: O) => o as unknown as Omit<A.Operator, 'keyword' | keyof A.Span>;
    return {
      IGNORE_AMBIGUITIES: true,
      DEF: [
        {
          ALT: () => {
            this.CONSUME(T.Where);
            return done({ op: 'where', predicate: this.SUBRULE(this.expr) });
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.Extend);
            return done({ op: 'extend', items: this.SUBRULE(this.namedList) });
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.Project);
            return done({ op: 'project', items: this.SUBRULE2(this.namedList) });
          },
        },
        {
          ALT: () => {
            const op = this.OR2([
              { ALT: () => (this.CONSUME(T.ProjectAway), 'project-away' as const) },
              { ALT: () => (this.CONSUME(T.ProjectKeep), 'project-keep' as const) },
              { ALT: () => (this.CONSUME(T.ProjectReorder), 'project-reorder' as const) },
            ]);
            return done({ op, items: this.SUBRULE(this.columnPatterns) });
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.ProjectRename);
            const pairs: { to: string; from: string }[] = [];
            this.AT_LEAST_ONE_SEP({
              SEP: T.Comma,
              DEF: () => {
                const to = this.SUBRULE(this.columnName);
                this.CONSUME(T.Assign);
                const from = this.SUBRULE2(this.columnName);
                pairs.push({ to, from });
              },
            });
            return done({ op: 'project-rename', pairs });
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.Summarize);
            this.SUBRULE2(this.params, { ARGS: [true] });
            let aggregates: A.NamedExpr[] = [];
            let by: A.NamedExpr[] = [];
            this.OPTION(() => (aggregates = this.SUBRULE3(this.namedList)));
            this.OPTION2(() => {
              this.CONSUME(T.By);
              by = this.SUBRULE4(this.namedList);
            });
            return done({ op: 'summarize', aggregates, by });
          },
        },
        {
          ALT: () => {
            const op = this.OR3([
              { ALT: () => (this.CONSUME(T.Join), 'join' as const) },
              { ALT: () => (this.CONSUME(T.Lookup), 'lookup' as const) },
            ]);
            const params = this.SUBRULE3(this.params);
            const right = this.SUBRULE7(this.expr);
            const on: A.Expr[] = [];
            this.OPTION3(() => {
              this.CONSUME(T.On);
              this.AT_LEAST_ONE_SEP2({ SEP: T.Comma, DEF: () => on.push(this.SUBRULE2(this.expr)) });
            });
            return done({ op, params, right, on });
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.Union);
            const { params, items } = this.SUBRULE(this.unionBody);
            return done({ op: 'union', params, items });
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.Parse);
            const params = this.SUBRULE4(this.params);
            const source = this.SUBRULE3(this.expr);
            this.CONSUME(T.With);
            const pattern = this.SUBRULE(this.parsePattern);
            return done({ op: 'parse', params, source, pattern });
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.Top);
            const count = this.SUBRULE4(this.expr);
            this.CONSUME2(T.By);
            return done({ op: 'top', count, by: this.SUBRULE(this.sortItem) });
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.Sort);
            this.CONSUME3(T.By);
            const items: A.SortItem[] = [];
            this.AT_LEAST_ONE_SEP3({ SEP: T.Comma, DEF: () => items.push(this.SUBRULE2(this.sortItem)) });
            return done({ op: 'sort', items });
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.Distinct);
            const items: A.Expr[] = [];
            this.AT_LEAST_ONE_SEP4({ SEP: T.Comma, DEF: () => items.push(this.SUBRULE5(this.expr)) });
            return done({ op: 'distinct', items });
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.Take);
            return done({ op: 'take', count: this.SUBRULE6(this.expr) });
          },
        },
        {
          GATE: () => {
            const next = this.LA(2).tokenType;
            return next === T.Pipe || next === EOF || next === T.Semi || next === T.RParen;
          },
          ALT: () => {
            this.CONSUME(T.Count);
            return done({ op: 'count' });
          },
        },
        {
          // Any other operator (evaluate, mv-expand, mv-apply, make-series, render, serialize, as …): kept as text.
          ALT: () => {
            this.CONSUME4(T.Name);
            this.SUBRULE(this.opaqueBody);
            return done({ op: 'opaque' });
          },
        },
      ],
    };
  }

  /** A column name: an identifier or `['name with spaces']`. */
  private columnName = this.RULE('columnName', (): string => {
    return this.OR([
      { ALT: () => this.CONSUME(T.Name).image },
      {
        ALT: () => {
          this.CONSUME(T.LBracket);
          const tok = this.CONSUME(T.StringLit);
          this.CONSUME(T.RBracket);
          return this.ACTION(() => (tok.payload as StringPayload).value);
        },
      },
    ]);
  });

  /** `a, b*, *c` in project-away / project-keep / project-reorder (with optional asc/desc). */
  private columnPatterns = this.RULE('columnPatterns', (): string[] => {
    const out: string[] = [];
    this.AT_LEAST_ONE_SEP({
      SEP: T.Comma,
      DEF: () => {
        let text = '';
        this.AT_LEAST_ONE(() => {
          text += this.OR([
            { ALT: () => this.CONSUME(T.Star).image },
            { ALT: () => this.SUBRULE(this.columnName) },
          ]);
        });
        this.OPTION(() =>
          this.OR2([{ ALT: () => this.CONSUME(T.Asc) }, { ALT: () => this.CONSUME(T.Desc) }]),
        );
        out.push(text);
      },
    });
    return out;
  });

  private namedItems?: { SEP: TokenType; DEF: () => void };
  private namedList = this.RULE('namedList', (): A.NamedExpr[] => {
    this.open();
    this.AT_LEAST_ONE_SEP(
      (this.namedItems ??= { SEP: T.Comma, DEF: () => this.collect(this.SUBRULE(this.namedExpr)) }),
    );
    return this.close();
  });

  private nameOption?: { GATE: () => boolean; DEF: () => string };
  private tupleOption?: { GATE: () => boolean; DEF: () => string[] };
  private namedExpr = this.RULE('namedExpr', (): A.NamedExpr => {
    const name = this.OPTION(
      (this.nameOption ??= {
        GATE: () => this.isTokenAt(1, T.Name) && this.LA(2).tokenType === T.Assign,
        DEF: () => {
          const tok = this.CONSUME(T.Name);
          this.CONSUME(T.Assign);
          return tok.image;
        },
      }),
    );
    const names = this.OPTION2(
      (this.tupleOption ??= {
        GATE: () => this.tupleAssignAhead(),
        DEF: () => {
          this.CONSUME(T.LParen);
          this.open();
          this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.collect(this.CONSUME2(T.Name).image) });
          this.CONSUME(T.RParen);
          this.CONSUME2(T.Assign);
          return this.close<string>();
        },
      }),
    );
    const value = this.SUBRULE(this.expr);
    return { ...(name !== undefined ? { name } : {}), ...(names !== undefined ? { names } : {}), value };
  });

  private sortItem = this.RULE('sortItem', (): A.SortItem => {
    const value = this.SUBRULE(this.expr);
    const item: A.SortItem = { value };
    this.OPTION(() =>
      this.OR([
        { ALT: () => (this.CONSUME(T.Asc), (item.order = 'asc')) },
        { ALT: () => (this.CONSUME(T.Desc), (item.order = 'desc')) },
      ]),
    );
    this.OPTION2(() => {
      this.CONSUME(T.Nulls);
      const tok = this.CONSUME(T.Name);
      this.ACTION(() => {
        if (tok.image !== 'first' && tok.image !== 'last')
          throw tokenError(`expected 'first' or 'last' after 'nulls'`, tok);
        item.nulls = tok.image;
      });
    });
    return item;
  });

  private parsePattern = this.RULE('parsePattern', (): A.ParsePatternItem[] => {
    const out: A.ParsePatternItem[] = [];
    this.AT_LEAST_ONE(() => {
      this.OR([
        { ALT: () => (this.CONSUME(T.Star), out.push({ kind: 'skip' })) },
        {
          ALT: () => {
            const tok = this.CONSUME(T.StringLit);
            this.ACTION(() => out.push({ kind: 'const', value: (tok.payload as StringPayload).value }));
          },
        },
        {
          ALT: () => {
            const name = this.CONSUME(T.Name).image;
            let type: string | undefined;
            this.OPTION(() => {
              this.CONSUME(T.Colon);
              type = this.CONSUME2(T.Name).image;
            });
            out.push(type === undefined ? { kind: 'column', name } : { kind: 'column', name, type });
          },
        },
      ]);
    });
    return out;
  });

  // ----------------------------------------------------------------------------------------------------
  // Scalar expressions. The binary operators of every precedence level are read as one flat chain
  // (operand op operand op …) and arranged into a tree by precedence in buildChain: one grammar rule instead of
  // seven nested ones keeps the parser fast. Alternatives that need no local state are cached closures.

  private chainOption?: () => ChainLink[];
  public expr = this.RULE('expr', (): A.Expr => {
    const head = this.SUBRULE(this.unaryExpr);
    const tail = this.OPTION((this.chainOption ??= () => this.SUBRULE(this.chain)));
    return this.RECORDING_PHASE || tail === undefined ? head : buildChain(head, tail);
  });

  private chainStep?: () => void;
  private chain = this.RULE('chain', (): ChainLink[] => {
    this.open();
    this.AT_LEAST_ONE((this.chainStep ??= () => this.collect(this.SUBRULE(this.chainLink))));
    return this.close();
  });

  private chainLinkAlts?: IOrAlt<ChainLink>[];
  private chainLink = this.RULE('chainLink', (): ChainLink => {
    return this.OR(
      (this.chainLinkAlts ??= [
        { ALT: () => this.SUBRULE(this.inLink) },
        { ALT: () => this.SUBRULE(this.betweenLink) },
        { ALT: () => this.SUBRULE(this.matchesLink) },
        { ALT: () => this.SUBRULE(this.operatorLink) },
      ]),
    );
  });

  private listItems?: { SEP: TokenType; DEF: () => void };
  /** `in (…)`, `!in~ (…)`, `has_any (…)`: the list may hold scalars, dynamic arrays or a tabular expression. */
  private inLink = this.RULE('inLink', (): ChainLink => {
    const op = this.CONSUME(T.InOp);
    this.CONSUME(T.LParen);
    this.open();
    this.MANY_SEP(
      (this.listItems ??= { SEP: T.Comma, DEF: () => this.collect(this.SUBRULE(this.pipeExpr)) }),
    );
    const items = this.close<A.Expr>();
    const close = this.CONSUME(T.RParen);
    return { op: op.image, level: 3, items, end: close.startOffset + 1 };
  });

  private betweenLink = this.RULE('betweenLink', (): ChainLink => {
    const op = this.CONSUME(T.BetweenOp);
    this.CONSUME(T.LParen);
    const low = this.SUBRULE(this.expr);
    this.CONSUME(T.DotDot);
    const high = this.SUBRULE2(this.expr);
    const close = this.CONSUME(T.RParen);
    return { op: op.image, level: 3, low, high, end: close.startOffset + 1 };
  });

  private matchesLink = this.RULE('matchesLink', (): ChainLink => {
    this.CONSUME(T.Matches);
    const tok = this.CONSUME(T.Name);
    if (!this.RECORDING_PHASE && tok.image !== 'regex')
      throw tokenError(`expected 'regex' after 'matches'`, tok);
    const right = this.SUBRULE(this.unaryExpr);
    return { op: 'matches regex', level: 7, right };
  });

  private operatorLink = this.RULE('operatorLink', (): ChainLink => {
    const tok = this.CONSUME(T.BinaryOperator);
    const right = this.SUBRULE(this.unaryExpr);
    return { op: tok.image, level: this.RECORDING_PHASE ? 0 : binaryLevel(tok), right };
  });

  private unaryAlts?: IOrAlt<A.Expr>[];
  private unaryExpr = this.RULE('unaryExpr', (): A.Expr => {
    return this.OR(
      (this.unaryAlts ??= [
        { ALT: () => this.SUBRULE(this.signedExpr) },
        { ALT: () => this.SUBRULE(this.postfixExpr) },
      ]),
    );
  });

  private signAlts?: IOrAlt<IToken>[];
  private signedExpr = this.RULE('signedExpr', (): A.Expr => {
    const sign = this.OR(
      (this.signAlts ??= [{ ALT: () => this.CONSUME(T.Minus) }, { ALT: () => this.CONSUME(T.Plus) }]),
    );
    const operand = this.SUBRULE(this.unaryExpr);
    return { kind: 'unary', op: sign.image as '-' | '+', operand, ...this.span(sign) };
  });

  private suffixesOption?: () => { member?: string; index?: A.Expr; end: number }[];
  private postfixExpr = this.RULE('postfixExpr', (): A.Expr => {
    let target = this.SUBRULE(this.primary);
    const suffixes = this.OPTION((this.suffixesOption ??= () => this.SUBRULE(this.postfixSuffixes)));
    if (suffixes === undefined || this.RECORDING_PHASE) return target;
    for (const suffix of suffixes) {
      const span = { start: target.start, line: target.line, column: target.column, end: suffix.end };
      target =
        suffix.member !== undefined
          ? { kind: 'path', target, member: suffix.member, ...span }
          : { kind: 'index', target, index: suffix.index as A.Expr, ...span };
    }
    return target;
  });

  private suffixStep?: () => void;
  private postfixSuffixes = this.RULE(
    'postfixSuffixes',
    (): { member?: string; index?: A.Expr; end: number }[] => {
      this.open();
      this.AT_LEAST_ONE(
        (this.suffixStep ??= () => {
          const suffix = this.SUBRULE(this.postfixSuffix);
          const last = this.LA(0);
          this.collect({ ...suffix, end: (last.endOffset ?? last.startOffset) + 1 });
        }),
      );
      return this.close();
    },
  );

  private suffixAlts?: IOrAlt<{ member?: string; index?: A.Expr }>[];
  private memberAlts?: IOrAlt<{ member?: string; index?: A.Expr }>[];
  /** `.name`, `.['name']`, `.[0]`, `[expr]`. */
  private postfixSuffix = this.RULE('postfixSuffix', (): { member?: string; index?: A.Expr } => {
    return this.OR(
      (this.suffixAlts ??= [
        {
          ALT: () => {
            this.CONSUME(T.Dot);
            return this.OR2(
              (this.memberAlts ??= [
                { ALT: () => ({ member: this.CONSUME(T.Name).image }) },
                { ALT: () => this.SUBRULE(this.bracketIndex) },
              ]),
            );
          },
        },
        { ALT: () => this.SUBRULE2(this.bracketIndex) },
      ]),
    );
  });

  private bracketIndex = this.RULE('bracketIndex', (): { member?: string; index?: A.Expr } => {
    this.CONSUME(T.LBracket);
    const index = this.SUBRULE(this.expr);
    this.CONSUME(T.RBracket);
    if (this.RECORDING_PHASE) return {};
    return index.kind === 'literal' && index.type === 'string' ? { member: String(index.value) } : { index };
  });

  private primaryAlts?: IOrAlt<A.Expr>[];
  private primary = this.RULE('primary', (): A.Expr => {
    return this.OR(
      (this.primaryAlts ??= [
        { ALT: () => this.SUBRULE(this.stringLiteral) },
        { ALT: () => this.SUBRULE(this.tokenLiteral) },
        { ALT: () => this.SUBRULE(this.nameOrCall) },
        { ALT: () => this.SUBRULE(this.parenExpr) },
        { ALT: () => this.SUBRULE(this.arrayLiteral) },
        { ALT: () => this.SUBRULE(this.bagLiteral) },
        {
          ALT: () => {
            const star = this.CONSUME(T.Star);
            return { kind: 'star' as const, ...this.span(star) };
          },
        },
      ]),
    );
  });

  /** Adjacent string literals concatenate: `"a" 'b'` is `"ab"`. */
  private stringStep?: () => void;
  private stringLiteral = this.RULE('stringLiteral', (): A.Expr => {
    const first = this.LA(1);
    this.open();
    this.AT_LEAST_ONE((this.stringStep ??= () => this.collect(this.CONSUME(T.StringLit))));
    const parts = this.close<IToken>();
    const value = this.RECORDING_PHASE
      ? ''
      : parts.length === 1
        ? (first.payload as StringPayload).value
        : parts.map((t) => (t.payload as StringPayload).value).join('');
    return { kind: 'literal', type: 'string', value, ...this.span(first) };
  });

  private literalAlts?: IOrAlt<IToken>[];
  private tokenLiteral = this.RULE('tokenLiteral', (): A.Expr => {
    const tok = this.OR(
      (this.literalAlts ??= [
        { ALT: () => this.CONSUME(T.NumberLit) },
        { ALT: () => this.CONSUME(T.TimespanLit) },
        { ALT: () => this.CONSUME(T.TypedLit) },
        { ALT: () => this.CONSUME(T.BoolLit) },
      ]),
    );
    const span = this.span(tok);
    if (this.RECORDING_PHASE) return { kind: 'literal', type: 'bool', value: false, ...span };
    switch (tok.tokenType) {
      case T.NumberLit: {
        const p = tok.payload as NumberPayload;
        return { kind: 'literal', type: p.real ? 'real' : 'long', value: p.value, ...span };
      }
      case T.TimespanLit:
        return { kind: 'literal', type: 'timespan', value: tok.image, ...span };
      case T.TypedLit: {
        const word = (tok.payload as TypedPayload).word;
        const type: A.LiteralType = word === 'guid' ? 'guid' : word === 'datetime' ? 'datetime' : 'timespan';
        return { kind: 'literal', type, value: tok.image, ...span };
      }
      default:
        return { kind: 'literal', type: 'bool', value: tok.image === 'true', ...span };
    }
  });

  private callArgsOption?: () => A.CallArg[];
  private nameOrCall = this.RULE('nameOrCall', (): A.Expr => {
    const name = this.CONSUME(T.Name);
    const args = this.OPTION((this.callArgsOption ??= () => this.SUBRULE(this.callArgs)));
    const span = this.span(name);
    return args === undefined
      ? { kind: 'name', name: name.image, ...span }
      : { kind: 'call', name: name.image, args, ...span };
  });

  private argItems?: { SEP: TokenType; DEF: () => void };
  private callArgs = this.RULE('callArgs', (): A.CallArg[] => {
    this.CONSUME(T.LParen);
    this.open();
    this.MANY_SEP((this.argItems ??= { SEP: T.Comma, DEF: () => this.collect(this.SUBRULE(this.callArg)) }));
    const args = this.close<A.CallArg>();
    this.CONSUME(T.RParen);
    return args;
  });

  private parenExpr = this.RULE('parenExpr', (): A.Expr => {
    const open = this.CONSUME(T.LParen);
    const inner = this.SUBRULE(this.pipeExpr);
    this.CONSUME(T.RParen);
    return { kind: 'paren', inner, ...this.span(open) };
  });

  private arrayLiteral = this.RULE('arrayLiteral', (): A.Expr => {
    const open = this.CONSUME(T.LBracket);
    const items: A.Expr[] = [];
    this.MANY_SEP({ SEP: T.Comma, DEF: () => items.push(this.SUBRULE(this.expr)) });
    this.CONSUME(T.RBracket);
    return { kind: 'array', items, ...this.span(open) };
  });

  private bagLiteral = this.RULE('bagLiteral', (): A.Expr => {
    const open = this.CONSUME(T.LBrace);
    const entries: { key: string; value: A.Expr }[] = [];
    this.MANY_SEP({
      SEP: T.Comma,
      DEF: () => {
        const key = this.CONSUME(T.StringLit);
        this.CONSUME(T.Colon);
        const value = this.SUBRULE(this.expr);
        if (!this.RECORDING_PHASE) entries.push({ key: (key.payload as StringPayload).value, value });
      },
    });
    this.CONSUME(T.RBrace);
    return { kind: 'bag', entries, ...this.span(open) };
  });

  private argNameOption?: () => string;
  private callArg = this.RULE('callArg', (): A.CallArg => {
    const name = this.OPTION(
      (this.argNameOption ??= () => {
        const tok = this.CONSUME(T.Name);
        this.CONSUME(T.Assign);
        return tok.image;
      }),
    );
    const value = this.SUBRULE(this.pipeExpr);
    return name === undefined ? { value } : { name, value };
  });
}

/** One `operator operand` step of a binary chain; `in`/`between` carry their list or range instead. */
interface ChainLink {
  op: string;
  level: number;
  right?: A.Expr;
  items?: A.Expr[];
  low?: A.Expr;
  high?: A.Expr;
  /** End offset of an in-list or range (after its `)`). */
  end?: number;
}

/** Precedence levels as in Kusto.Language's QueryParser: larger binds tighter. */
function binaryLevel(tok: IToken): number {
  switch (tok.tokenType) {
    case T.Or:
      return 1;
    case T.And:
      return 2;
    case T.EqOp:
      return 3;
    case T.RelOp:
      return 4;
    case T.Plus:
    case T.Minus:
      return 5;
    case T.Star:
    case T.MulOp:
      return 6;
    default:
      return 7; // string operators
  }
}

/** Arranges `head op₁ x₁ op₂ x₂ …` into a tree: higher levels first, left to right within a level. */
function buildChain(head: A.Expr, links: ChainLink[]): A.Expr {
  const operands: A.Expr[] = [head];
  const pending: ChainLink[] = [];
  for (const link of links) {
    while (pending.length > 0 && (pending[pending.length - 1] as ChainLink).level >= link.level)
      reduceChain(operands, pending);
    pending.push(link);
    if (link.right) operands.push(link.right);
  }
  while (pending.length > 0) reduceChain(operands, pending);
  return operands[0] as A.Expr;
}

/** Replaces the last operator and its operands by the node they make. */
function reduceChain(operands: A.Expr[], pending: ChainLink[]): void {
  const link = pending.pop() as ChainLink;
  const right = link.right ? (operands.pop() as A.Expr) : undefined;
  const left = operands.pop() as A.Expr;
  const span = { start: left.start, line: left.line, column: left.column };
  if (link.items)
    operands.push({ kind: 'in', op: link.op, left, items: link.items, ...span, end: link.end as number });
  else if (link.low && link.high) {
    operands.push({
      kind: 'between',
      negated: link.op.startsWith('!'),
      left,
      low: link.low,
      high: link.high,
      ...span,
      end: link.end as number,
    });
  } else
    operands.push({
      kind: 'binary',
      op: link.op,
      left,
      right: right as A.Expr,
      ...span,
      end: (right as A.Expr).end,
    });
}

function tokenError(message: string, tok: IToken): KqlSyntaxError {
  return new KqlSyntaxError(message, tok.startOffset, tok.startLine ?? 1, tok.startColumn ?? 1);
}

let parserInstance: KqlParser | undefined;

function parser(): KqlParser {
  return (parserInstance ??= new KqlParser());
}

export interface ParsedQuery {
  ast: A.QueryAst;
  tokens: IToken[];
  text: string;
}

/** Parses a whole query (statements separated by `;`); throws KqlSyntaxError with the position of the problem. */
export function parseQuery(text: string): ParsedQuery {
  const { tokens } = lex(text);
  const p = parser();
  p.resetFrames();
  p.input = tokens;
  const ast = p.queryEof();
  if (p.errors.length > 0) {
    const error = p.errors[0] as { token: IToken; message: string };
    const tok = error.token;
    const found = tok.tokenType === EOF ? 'end of query' : `'${tok.image}'`;
    const where =
      tok.tokenType === EOF
        ? locateEnd(text)
        : { offset: tok.startOffset, line: tok.startLine ?? 1, column: tok.startColumn ?? 1 };
    throw new KqlSyntaxError(
      `unexpected ${found} (${firstLine(error.message)})`,
      where.offset,
      where.line,
      where.column,
    );
  }
  return { ast: ast as A.QueryAst, tokens, text };
}

function firstLine(message: string): string {
  const line = message.split('\n')[0] ?? message;
  return line.length > 160 ? line.slice(0, 157) + '…' : line;
}

function locateEnd(text: string): { offset: number; line: number; column: number } {
  const lines = text.split('\n');
  return { offset: text.length, line: lines.length, column: (lines[lines.length - 1] ?? '').length + 1 };
}
