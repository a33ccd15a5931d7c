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
import { EmbeddedActionsParser, EOF, type IToken, type TokenType } from 'chevrotain';
import type * as A from './ast.js';
import * as T from './tokens.js';
import { lex, type NumberPayload, type StringPayload } from './lexer.js';
import { KqlSyntaxError } from './errors.js';

interface TypedPayload {
  word: string;
  raw: string;
}

class KqlParser extends EmbeddedActionsParser {
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

  private statements = this.RULE('statements', (): A.Statement[] => {
    const out: A.Statement[] = [];
    this.MANY(() => {
      this.OR([
        { ALT: () => this.CONSUME(T.Semi) },
        { ALT: () => out.push(this.SUBRULE(this.statement)) },
      ]);
    });
    return out;
  });

  private statement = this.RULE('statement', (): A.Statement => {
    const first = this.LA(1);
    return this.OR({
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
            return { kind: 'let' as const, name, value, ...this.span(first) };
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.Declare);
            const what = this.CONSUME2(T.Name);
            this.ACTION(() => {
              if (what.image !== 'query_parameters') throw tokenError(`expected 'query_parameters' after 'declare'`, what);
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
            return { kind: 'declare' as const, params, ...this.span(first) };
          },
        },
        {
          GATE: () => this.isTokenAt(2, T.Name),
          ALT: () => {
            this.CONSUME(T.SetKw);
            this.MANY(() => this.CONSUME(T.Plain));
            return { kind: 'set' as const, ...this.span(first) };
          },
        },
        {
          ALT: () => {
            const expr = this.SUBRULE2(this.pipeExpr);
            return { kind: 'expr' as const, expr, ...this.span(first) };
          },
        },
      ],
    });
  });

  private functionDef = this.RULE('functionDef', (): A.FunctionDef => {
    const first = this.LA(1);
    this.SUBRULE(this.group);
    this.CONSUME(T.LBrace);
    const body = this.SUBRULE(this.statements);
    this.CONSUME(T.RBrace);
    return { kind: 'function', body, ...this.span(first) };
  });

  /** Any bracketed token run, kept as text by the caller: `( … )`, `[ … ]`, `{ … }`. */
  private group = this.RULE('group', (): void => {
    this.OR([
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
    ]);
  });

  private groupBody = this.RULE('groupBody', (): void => {
    this.MANY(() => {
      this.OR([
        { ALT: () => this.SUBRULE(this.group) },
        { ALT: () => this.CONSUME(T.Plain) },
        { ALT: () => this.CONSUME(T.Pipe) },
        { ALT: () => this.CONSUME(T.Semi) },
      ]);
    });
  });

  /** The arguments of an operator we keep opaque: anything up to the next `|` at bracket depth 0. */
  private opaqueBody = this.RULE('opaqueBody', (): void => {
    this.MANY(() => {
      this.OR([{ ALT: () => this.SUBRULE(this.group) }, { ALT: () => this.CONSUME(T.Plain) }]);
    });
  });

  public pipeExpr = this.RULE('pipeExpr', (): A.Expr => {
    const first = this.LA(1);
    const source = this.SUBRULE(this.pipeSource);
    const ops: A.Operator[] = [];
    this.MANY(() => {
      this.CONSUME(T.Pipe);
      ops.push(this.SUBRULE(this.operator));
    });
    return this.ACTION(() => (ops.length === 0 ? source : { kind: 'pipe', source, ops, ...this.span(first) }));
  });

  private pipeSource = this.RULE('pipeSource', (): A.Expr => {
    const first = this.LA(1);
    return this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Union);
          const { params, items } = this.SUBRULE(this.unionBody);
          return { kind: 'union' as const, params, items, ...this.span(first) };
        },
      },
      {
        ALT: () => {
          const keyword = this.OR2([{ ALT: () => this.CONSUME(T.Datatable) }, { ALT: () => this.CONSUME(T.Externaldata) }]).image;
          this.SUBRULE(this.group);
          this.SUBRULE2(this.group);
          this.OPTION(() => {
            this.CONSUME(T.With);
            this.SUBRULE3(this.group);
          });
          return { kind: 'opaque' as const, keyword, ...this.span(first) };
        },
      },
      { ALT: () => this.SUBRULE(this.expr) },
    ]);
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

  private operator = this.RULE('operator', (): A.Operator => {
    const first = this.LA(1);
    const keyword = first.image;
    const done = <O extends object>(o: O) => ({ ...o, keyword, ...this.span(first) }) as unknown as A.Operator;
    return this.OR({
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
    });
  });

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
        this.OPTION(() => this.OR2([{ ALT: () => this.CONSUME(T.Asc) }, { ALT: () => this.CONSUME(T.Desc) }]));
        out.push(text);
      },
    });
    return out;
  });

  private namedList = this.RULE('namedList', (): A.NamedExpr[] => {
    const out: A.NamedExpr[] = [];
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => out.push(this.SUBRULE(this.namedExpr)) });
    return out;
  });

  private namedExpr = this.RULE('namedExpr', (): A.NamedExpr => {
    let name: string | undefined;
    let names: string[] | undefined;
    this.OPTION({
      GATE: () => this.isTokenAt(1, T.Name) && this.LA(2).tokenType === T.Assign,
      DEF: () => {
        name = this.CONSUME(T.Name).image;
        this.CONSUME(T.Assign);
      },
    });
    this.OPTION2({
      GATE: () => this.tupleAssignAhead(),
      DEF: () => {
        names = [];
        this.CONSUME(T.LParen);
        this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => names?.push(this.CONSUME2(T.Name).image) });
        this.CONSUME(T.RParen);
        this.CONSUME2(T.Assign);
      },
    });
    const value = this.SUBRULE(this.expr);
    return { ...(name !== undefined ? { name } : {}), ...(names ? { names } : {}), value };
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
        if (tok.image !== 'first' && tok.image !== 'last') throw tokenError(`expected 'first' or 'last' after 'nulls'`, tok);
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
  // Scalar expressions, loosest first.

  public expr = this.RULE('expr', (): A.Expr => {
    const first = this.LA(1);
    let left = this.SUBRULE(this.andExpr);
    this.MANY(() => {
      this.CONSUME(T.Or);
      const right = this.SUBRULE2(this.andExpr);
      left = this.ACTION(() => ({ kind: 'binary', op: 'or', left, right, ...this.span(first) }));
    });
    return left;
  });

  private andExpr = this.RULE('andExpr', (): A.Expr => {
    const first = this.LA(1);
    let left = this.SUBRULE(this.eqExpr);
    this.MANY(() => {
      this.CONSUME(T.And);
      const right = this.SUBRULE2(this.eqExpr);
      left = this.ACTION(() => ({ kind: 'binary', op: 'and', left, right, ...this.span(first) }));
    });
    return left;
  });

  private eqExpr = this.RULE('eqExpr', (): A.Expr => {
    const first = this.LA(1);
    const left = this.SUBRULE(this.relExpr);
    let out: A.Expr = left;
    this.OPTION(() => {
      this.OR([
        {
          ALT: () => {
            const op = this.CONSUME(T.EqOp).image;
            const right = this.SUBRULE2(this.relExpr);
            out = this.ACTION(() => ({ kind: 'binary', op, left, right, ...this.span(first) }));
          },
        },
        {
          ALT: () => {
            const op = this.CONSUME(T.InOp).image;
            this.CONSUME(T.LParen);
            const items: A.Expr[] = [];
            this.MANY_SEP({ SEP: T.Comma, DEF: () => items.push(this.SUBRULE(this.pipeExpr)) });
            this.CONSUME(T.RParen);
            out = this.ACTION(() => ({ kind: 'in', op, left, items, ...this.span(first) }));
          },
        },
        {
          ALT: () => {
            const negated = this.CONSUME(T.BetweenOp).image.startsWith('!');
            this.CONSUME2(T.LParen);
            const low = this.SUBRULE(this.expr);
            this.CONSUME(T.DotDot);
            const high = this.SUBRULE2(this.expr);
            this.CONSUME2(T.RParen);
            out = this.ACTION(() => ({ kind: 'between', negated, left, low, high, ...this.span(first) }));
          },
        },
      ]);
    });
    return out;
  });

  private relExpr = this.RULE('relExpr', (): A.Expr => {
    const first = this.LA(1);
    const left = this.SUBRULE(this.addExpr);
    let out: A.Expr = left;
    this.OPTION(() => {
      const op = this.CONSUME(T.RelOp).image;
      const right = this.SUBRULE2(this.addExpr);
      out = this.ACTION(() => ({ kind: 'binary', op, left, right, ...this.span(first) }));
    });
    return out;
  });

  private addExpr = this.RULE('addExpr', (): A.Expr => {
    const first = this.LA(1);
    let left = this.SUBRULE(this.mulExpr);
    this.MANY(() => {
      const op = this.OR([{ ALT: () => this.CONSUME(T.Plus) }, { ALT: () => this.CONSUME(T.Minus) }]).image;
      const right = this.SUBRULE2(this.mulExpr);
      left = this.ACTION(() => ({ kind: 'binary', op, left, right, ...this.span(first) }));
    });
    return left;
  });

  private mulExpr = this.RULE('mulExpr', (): A.Expr => {
    const first = this.LA(1);
    let left = this.SUBRULE(this.strExpr);
    this.MANY(() => {
      const op = this.OR([{ ALT: () => this.CONSUME(T.Star) }, { ALT: () => this.CONSUME(T.MulOp) }]).image;
      const right = this.SUBRULE2(this.strExpr);
      left = this.ACTION(() => ({ kind: 'binary', op, left, right, ...this.span(first) }));
    });
    return left;
  });

  private strExpr = this.RULE('strExpr', (): A.Expr => {
    const first = this.LA(1);
    const left = this.SUBRULE(this.unaryExpr);
    let out: A.Expr = left;
    this.OPTION(() => {
      const op = this.OR([
        { ALT: () => this.CONSUME(T.StrOp).image },
        {
          ALT: () => {
            this.CONSUME(T.Matches);
            const tok = this.CONSUME(T.Name);
            this.ACTION(() => {
              if (tok.image !== 'regex') throw tokenError(`expected 'regex' after 'matches'`, tok);
            });
            return 'matches regex';
          },
        },
      ]);
      const right = this.SUBRULE2(this.unaryExpr);
      out = this.ACTION(() => ({ kind: 'binary', op, left, right, ...this.span(first) }));
    });
    return out;
  });

  private unaryExpr = this.RULE('unaryExpr', (): A.Expr => {
    const first = this.LA(1);
    return this.OR([
      {
        ALT: () => {
          const op = this.OR2([{ ALT: () => this.CONSUME(T.Minus) }, { ALT: () => this.CONSUME(T.Plus) }]).image as '-' | '+';
          const operand = this.SUBRULE(this.unaryExpr);
          return this.ACTION(() => ({ kind: 'unary' as const, op, operand, ...this.span(first) }));
        },
      },
      { ALT: () => this.SUBRULE(this.postfixExpr) },
    ]);
  });

  private postfixExpr = this.RULE('postfixExpr', (): A.Expr => {
    const first = this.LA(1);
    let target = this.SUBRULE(this.primary);
    this.MANY(() => {
      this.OR([
        {
          ALT: () => {
            this.CONSUME(T.Dot);
            this.OR2([
              {
                ALT: () => {
                  const member = this.CONSUME(T.Name).image;
                  target = this.ACTION(() => ({ kind: 'path', target, member, ...this.span(first) }));
                },
              },
              {
                // `.['name']` and `.[0]`
                ALT: () => {
                  this.CONSUME2(T.LBracket);
                  const index = this.SUBRULE2(this.expr);
                  this.CONSUME2(T.RBracket);
                  target = this.ACTION(() =>
                    index.kind === 'literal' && index.type === 'string'
                      ? { kind: 'path', target, member: String(index.value), ...this.span(first) }
                      : { kind: 'index', target, index, ...this.span(first) },
                  );
                },
              },
            ]);
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.LBracket);
            const index = this.SUBRULE(this.expr);
            this.CONSUME(T.RBracket);
            target = this.ACTION(() => ({ kind: 'index', target, index, ...this.span(first) }));
          },
        },
      ]);
    });
    return target;
  });

  private primary = this.RULE('primary', (): A.Expr => {
    const first = this.LA(1);
    return this.OR([
      {
        ALT: () => {
          // Adjacent string literals concatenate.
          let value = '';
          this.AT_LEAST_ONE(() => {
            const tok = this.CONSUME(T.StringLit);
            this.ACTION(() => (value += (tok.payload as StringPayload).value));
          });
          return { kind: 'literal' as const, type: 'string' as const, value, ...this.span(first) };
        },
      },
      {
        ALT: () => {
          const tok = this.CONSUME(T.NumberLit);
          return this.ACTION(() => {
            const p = tok.payload as NumberPayload;
            return { kind: 'literal' as const, type: p.real ? ('real' as const) : ('long' as const), value: p.value, ...this.span(first) };
          });
        },
      },
      {
        ALT: () => {
          const tok = this.CONSUME(T.TimespanLit);
          return { kind: 'literal' as const, type: 'timespan' as const, value: tok.image, ...this.span(first) };
        },
      },
      {
        ALT: () => {
          const tok = this.CONSUME(T.TypedLit);
          return this.ACTION(() => {
            const p = tok.payload as TypedPayload;
            const type: A.LiteralType = p.word === 'guid' ? 'guid' : p.word === 'datetime' ? 'datetime' : 'timespan';
            return { kind: 'literal' as const, type, value: tok.image, ...this.span(first) };
          });
        },
      },
      {
        ALT: () => {
          const tok = this.CONSUME(T.BoolLit);
          return { kind: 'literal' as const, type: 'bool' as const, value: tok.image === 'true', ...this.span(first) };
        },
      },
      {
        ALT: () => {
          const name = this.CONSUME(T.Name).image;
          let args: A.CallArg[] | undefined;
          this.OPTION(() => {
            this.CONSUME(T.LParen);
            args = [];
            this.MANY_SEP({ SEP: T.Comma, DEF: () => args?.push(this.SUBRULE(this.callArg)) });
            this.CONSUME(T.RParen);
          });
          return this.ACTION(() =>
            args === undefined
              ? { kind: 'name' as const, name, ...this.span(first) }
              : { kind: 'call' as const, name, args, ...this.span(first) },
          );
        },
      },
      {
        ALT: () => {
          this.CONSUME2(T.LParen);
          const inner = this.SUBRULE(this.pipeExpr);
          this.CONSUME2(T.RParen);
          return { kind: 'paren' as const, inner, ...this.span(first) };
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.LBracket);
          const items: A.Expr[] = [];
          this.MANY_SEP2({ SEP: T.Comma, DEF: () => items.push(this.SUBRULE2(this.expr)) });
          this.CONSUME(T.RBracket);
          return { kind: 'array' as const, items, ...this.span(first) };
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.LBrace);
          const entries: { key: string; value: A.Expr }[] = [];
          this.MANY_SEP3({
            SEP: T.Comma,
            DEF: () => {
              const key = this.CONSUME2(T.StringLit);
              this.CONSUME(T.Colon);
              const value = this.SUBRULE3(this.expr);
              this.ACTION(() => entries.push({ key: (key.payload as StringPayload).value, value }));
            },
          });
          this.CONSUME(T.RBrace);
          return { kind: 'bag' as const, entries, ...this.span(first) };
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Star);
          return { kind: 'star' as const, ...this.span(first) };
        },
      },
    ]);
  });

  private callArg = this.RULE('callArg', (): A.CallArg => {
    let name: string | undefined;
    this.OPTION(() => {
      name = this.CONSUME(T.Name).image;
      this.CONSUME(T.Assign);
    });
    const value = this.SUBRULE(this.pipeExpr);
    return name === undefined ? { value } : { name, value };
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
  p.input = tokens;
  const ast = p.queryEof();
  if (p.errors.length > 0) {
    const error = p.errors[0] as { token: IToken; message: string };
    const tok = error.token;
    const found = tok.tokenType === EOF ? 'end of query' : `'${tok.image}'`;
    const where = tok.tokenType === EOF ? locateEnd(text) : { offset: tok.startOffset, line: tok.startLine ?? 1, column: tok.startColumn ?? 1 };
    throw new KqlSyntaxError(`unexpected ${found} (${firstLine(error.message)})`, where.offset, where.line, where.column);
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
