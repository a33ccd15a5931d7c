/**
 * Tokens of Elasticsearch EQL, for chevrotain.
 *
 * Keywords are lower-case only (EQL is case-sensitive here: `AND` is a field name). A field path is one
 * token (`process.parent.name`, `a.b[0]`, `` `odd name`.x ``, `?optional.field`) because EQL forbids a space
 * before `.` or `[`, and that is what tells `by process.entity_id [process where …]` (a key, then the next
 * sequence step) from an array index.
 */
import { createToken, Lexer, type IToken, type TokenType } from 'chevrotain';

const IDENT = '[A-Za-z_@][A-Za-z0-9_@]*';
const BACKTICKED = '`(?:[^`\\n]|``)*`';
const SEGMENT = `(?:${IDENT}|${BACKTICKED})`;

export const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /[ \t\r\n]+/, group: Lexer.SKIPPED });
export const LineComment = createToken({ name: 'LineComment', pattern: /\/\/[^\n]*/, group: Lexer.SKIPPED });
export const BlockComment = createToken({
  name: 'BlockComment',
  pattern: /\/\*[\s\S]*?\*\//,
  group: Lexer.SKIPPED,
  line_breaks: true,
});
/** An opening `/*` without its `*\/`: kept as a token so the parser can name the problem. */
export const UnterminatedComment = createToken({
  name: 'UnterminatedComment',
  pattern: /\/\*[\s\S]*/,
  line_breaks: true,
});

/** `"""raw"""`: no escapes; up to two extra closing quotes belong to the text (`"""a"""""` is `a""`). */
export const RawString = createToken({
  name: 'RawString',
  pattern: /"""[\s\S]*?"""(?:""?)?/,
  line_breaks: true,
  start_chars_hint: ['"'],
});
export const QuotedString = createToken({ name: 'QuotedString', pattern: /"(?:[^"\\\n\r]|\\[^\n\r])*"/ });
export const UnterminatedString = createToken({
  name: 'UnterminatedString',
  pattern: /"(?:[^"\\\n\r]|\\[^\n\r])*\\?/,
});
export const SingleQuotedString = createToken({
  name: 'SingleQuotedString',
  pattern: /'(?:[^'\\\n\r]|\\[^\n\r])*'?/,
});

export const Field = createToken({
  name: 'Field',
  pattern: new RegExp(`\\??${SEGMENT}(?:\\.${SEGMENT}|\\[[0-9]+\\])*`),
  start_chars_hint: ['?', '`', '@', '_', ...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('')],
});

function keyword(name: string, pattern: string | RegExp): TokenType {
  return createToken({ name, pattern, longer_alt: Field });
}

export const And = keyword('And', 'and');
export const Or = keyword('Or', 'or');
export const Not = keyword('Not', 'not');
export const InInsensitive = keyword('InInsensitive', 'in~');
export const In = keyword('In', 'in');
export const LikeInsensitive = keyword('LikeInsensitive', 'like~');
export const Like = keyword('Like', 'like');
export const RegexInsensitive = keyword('RegexInsensitive', 'regex~');
export const Regex = keyword('Regex', 'regex');
export const Where = keyword('Where', 'where');
export const Sequence = keyword('Sequence', 'sequence');
export const Sample = keyword('Sample', 'sample');
export const By = keyword('By', 'by');
export const With = keyword('With', 'with');
export const Until = keyword('Until', 'until');
export const True = keyword('True', 'true');
export const False = keyword('False', 'false');
export const Null = keyword('Null', 'null');

export const NumberLiteral = createToken({
  name: 'NumberLiteral',
  pattern: /(?:[0-9]+(?:\.[0-9]+)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?/,
  start_chars_hint: ['.', ...'0123456789'.split('')],
});

export const EqEq = createToken({ name: 'EqEq', pattern: '==' });
export const NotEq = createToken({ name: 'NotEq', pattern: '!=' });
export const LtEq = createToken({ name: 'LtEq', pattern: '<=' });
export const GtEq = createToken({ name: 'GtEq', pattern: '>=' });
export const Lt = createToken({ name: 'Lt', pattern: '<' });
export const Gt = createToken({ name: 'Gt', pattern: '>' });
/** A lone `=`: valid only in `maxspan=` and `runs=`; elsewhere the parser says to use `==`. */
export const Assign = createToken({ name: 'Assign', pattern: '=' });
export const Colon = createToken({ name: 'Colon', pattern: ':' });
export const Tilde = createToken({ name: 'Tilde', pattern: '~' });
export const LParen = createToken({ name: 'LParen', pattern: '(' });
export const RParen = createToken({ name: 'RParen', pattern: ')' });
export const LBracket = createToken({ name: 'LBracket', pattern: '[' });
export const RBracket = createToken({ name: 'RBracket', pattern: ']' });
export const Comma = createToken({ name: 'Comma', pattern: ',' });
export const Pipe = createToken({ name: 'Pipe', pattern: '|' });
export const Bang = createToken({ name: 'Bang', pattern: '!' });
export const Plus = createToken({ name: 'Plus', pattern: '+' });
export const Minus = createToken({ name: 'Minus', pattern: '-' });
export const Star = createToken({ name: 'Star', pattern: '*' });
export const Slash = createToken({ name: 'Slash', pattern: '/' });
export const Percent = createToken({ name: 'Percent', pattern: '%' });

/** Order matters: the first pattern that matches wins (keywords defer to longer field names via longer_alt). */
export const allTokens: TokenType[] = [
  WhiteSpace,
  LineComment,
  BlockComment,
  UnterminatedComment,
  RawString,
  QuotedString,
  UnterminatedString,
  SingleQuotedString,
  EqEq,
  NotEq,
  LtEq,
  GtEq,
  Lt,
  Gt,
  Assign,
  Colon,
  Tilde,
  LParen,
  RParen,
  LBracket,
  RBracket,
  Comma,
  Pipe,
  Bang,
  Plus,
  Minus,
  Star,
  Slash,
  Percent,
  NumberLiteral,
  And,
  Or,
  Not,
  InInsensitive,
  In,
  LikeInsensitive,
  Like,
  RegexInsensitive,
  Regex,
  Where,
  Sequence,
  Sample,
  By,
  With,
  Until,
  True,
  False,
  Null,
  Field,
];

/** Tokens the parser never accepts: each stands for a lexical mistake with its own message. */
export const lexicalMistakes = new Map<TokenType, string>([
  [UnterminatedString, 'unterminated string: a closing " is missing on this line'],
  [UnterminatedComment, 'unterminated comment: /* has no closing */'],
  [SingleQuotedString, `single quotes do not make a string in Elasticsearch EQL: use "…" or """…"""`],
]);

export const eqlLexer = new Lexer(allTokens, { positionTracking: 'full', ensureOptimizations: true });

export type Token = IToken;
