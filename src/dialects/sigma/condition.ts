import { EmbeddedActionsParser, Lexer, createToken, type IToken } from 'chevrotain';

/**
 * The Sigma condition grammar (specification "Condition"; pySigma's precedence):
 *
 *   condition := or
 *   or        := and ("or" and)*
 *   and       := not ("and" not)*
 *   not       := "not" not | atom
 *   atom      := "(" or ")" | quantifier "of" (pattern | "them") | identifier
 *   quantifier:= "1" | "any" | "all"
 *
 * Keywords are lower case only, as in the specification and pySigma.
 */
export type ConditionNode =
  | { kind: 'and' | 'or'; items: ConditionNode[] }
  | { kind: 'not'; item: ConditionNode }
  | { kind: 'ref'; name: string; offset: number }
  | { kind: 'of'; all: boolean; pattern: string | null; offset: number };

const Word = createToken({ name: 'Word', pattern: /[A-Za-z0-9_\-*]+/ });
const keyword = (name: string, word: string) =>
  createToken({ name, pattern: new RegExp(word), longer_alt: Word });
const And = keyword('And', 'and');
const Or = keyword('Or', 'or');
const Not = keyword('Not', 'not');
const Of = keyword('Of', 'of');
const Them = keyword('Them', 'them');
const All = keyword('All', 'all');
const AnyKw = keyword('Any', 'any');
const One = keyword('One', '1');
const LParen = createToken({ name: 'LParen', pattern: /\(/ });
const RParen = createToken({ name: 'RParen', pattern: /\)/ });
const Space = createToken({ name: 'Space', pattern: /\s+/, group: Lexer.SKIPPED });

const tokens = [Space, LParen, RParen, And, Or, Not, Of, Them, All, AnyKw, One, Word];
const lexer = new Lexer(tokens, { positionTracking: 'onlyOffset', ensureOptimizations: true });

class ConditionParser extends EmbeddedActionsParser {
  constructor() {
    super(tokens, { recoveryEnabled: false });
    this.performSelfAnalysis();
  }

  public condition = this.RULE('condition', (): ConditionNode => this.SUBRULE(this.orExpr));

  private orExpr = this.RULE('orExpr', (): ConditionNode => {
    const items = [this.SUBRULE(this.andExpr)];
    this.MANY(() => {
      this.CONSUME(Or);
      items.push(this.SUBRULE2(this.andExpr));
    });
    return items.length === 1 ? (items[0] as ConditionNode) : { kind: 'or', items };
  });

  private andExpr = this.RULE('andExpr', (): ConditionNode => {
    const items = [this.SUBRULE(this.notExpr)];
    this.MANY(() => {
      this.CONSUME(And);
      items.push(this.SUBRULE2(this.notExpr));
    });
    return items.length === 1 ? (items[0] as ConditionNode) : { kind: 'and', items };
  });

  private notExpr = this.RULE('notExpr', (): ConditionNode =>
    this.OR([
      {
        ALT: () => {
          this.CONSUME(Not);
          return { kind: 'not', item: this.SUBRULE(this.notExpr) } as ConditionNode;
        },
      },
      { ALT: () => this.SUBRULE(this.atom) },
    ]),
  );

  private atom = this.RULE('atom', (): ConditionNode =>
    this.OR([
      {
        ALT: () => {
          this.CONSUME(LParen);
          const inner = this.SUBRULE(this.orExpr);
          this.CONSUME(RParen);
          return inner;
        },
      },
      {
        ALT: () => {
          const quantifier = this.OR2([
            { ALT: () => this.CONSUME(One) },
            { ALT: () => this.CONSUME(AnyKw) },
            { ALT: () => this.CONSUME(All) },
          ]);
          this.CONSUME(Of);
          const target = this.OR3([{ ALT: () => this.CONSUME(Them) }, { ALT: () => this.CONSUME(Word) }]);
          return {
            kind: 'of',
            all: quantifier.tokenType === All,
            pattern: target.tokenType === Them ? null : target.image,
            offset: quantifier.startOffset,
          } as ConditionNode;
        },
      },
      {
        ALT: () => {
          const word = this.CONSUME2(Word);
          return { kind: 'ref', name: word.image, offset: word.startOffset } as ConditionNode;
        },
      },
    ]),
  );
}

let parser: ConditionParser | undefined;

export class ConditionSyntaxError extends Error {
  constructor(
    message: string,
    /** 0-based offset into the condition text. */
    readonly offset: number,
  ) {
    super(message);
  }
}

function describeToken(token: IToken): string {
  return token.image === '' ? 'end of condition' : `'${token.image}'`;
}

// Conditions repeat across a corpus ('selection', 'selection and not 1 of filter_*'): their trees are immutable,
// so each distinct text is parsed once.
const parsedConditions = new Map<string, ConditionNode>();
const MAX_CACHED_CONDITIONS = 10_000;

export function parseCondition(text: string): ConditionNode {
  const cached = parsedConditions.get(text);
  if (cached) return cached;
  const tree = parseConditionText(text);
  if (parsedConditions.size >= MAX_CACHED_CONDITIONS) parsedConditions.clear();
  parsedConditions.set(text, tree);
  return tree;
}

function parseConditionText(text: string): ConditionNode {
  const lexed = lexer.tokenize(text);
  const lexError = lexed.errors[0];
  if (lexError) {
    throw new ConditionSyntaxError(
      `unexpected character '${text.charAt(lexError.offset)}' in condition`,
      lexError.offset,
    );
  }
  parser ??= new ConditionParser();
  parser.input = lexed.tokens;
  const result = parser.condition();
  const parseError = parser.errors[0];
  if (parseError) {
    const token = parseError.token;
    const offset = Number.isNaN(token.startOffset) ? text.length : token.startOffset;
    const hint =
      /[A-Z]/.test(token.image) && /^(and|or|not|of)$/i.test(token.image)
        ? ` (condition keywords are lower case: '${token.image.toLowerCase()}')`
        : '';
    throw new ConditionSyntaxError(`unexpected ${describeToken(token)} in condition${hint}`, offset);
  }
  return result;
}
