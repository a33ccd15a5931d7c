/**
 * Token types of KQL (Kusto Query Language), for the chevrotain parser. The lexer (lexer.ts) is hand-written
 * because KQL's lexical rules are contextual (`project-away` is one word but `a-b` is a subtraction, `!has` is
 * one operator, `datetime(2020-01-01 10:00)` holds unquoted text); it produces chevrotain tokens of these types.
 *
 * Categories: `Name` is every token that may stand where an identifier is expected (plain identifiers and the
 * few keywords that are also common names); `Plain` is every token that is not a grouping bracket, `|` or `;`,
 * which is what an opaque operator's argument text may contain at bracket depth 0.
 */
import { createToken, Lexer, type TokenType } from 'chevrotain';

const NA = Lexer.NA;

export const Plain = createToken({ name: 'Plain', pattern: NA });
export const Name = createToken({ name: 'Name', pattern: NA });
/** Every operator written between two operands (and, or, ==, <, +, *, has, =~ …). */
export const BinaryOperator = createToken({ name: 'BinaryOperator', pattern: NA });

function token(name: string, ...categories: TokenType[]): TokenType {
  return createToken({ name, pattern: NA, categories: [Plain, ...categories] });
}

export const Identifier = token('Identifier', Name);

// Keywords that are never names in detection queries.
export const Let = token('Let');
export const Where = token('Where');
export const Extend = token('Extend');
export const Project = token('Project');
export const ProjectAway = token('ProjectAway');
export const ProjectKeep = token('ProjectKeep');
export const ProjectRename = token('ProjectRename');
export const ProjectReorder = token('ProjectReorder');
export const Summarize = token('Summarize');
export const By = token('By');
export const Join = token('Join');
export const Lookup = token('Lookup');
export const On = token('On');
export const Union = token('Union');
export const Parse = token('Parse');
export const With = token('With');
export const Top = token('Top');
export const Sort = token('Sort');
export const Distinct = token('Distinct');
export const Take = token('Take');
export const Datatable = token('Datatable');
export const Externaldata = token('Externaldata');
export const Declare = token('Declare');
export const Matches = token('Matches');
export const And = token('And', BinaryOperator);
export const Or = token('Or', BinaryOperator);

// Keywords that are also ordinary names (`count` is an operator and a column, `kind` a parameter name …).
export const Count = token('Count', Name);
export const SetKw = token('Set', Name);
export const Asc = token('Asc', Name);
export const Desc = token('Desc', Name);
export const Nulls = token('Nulls', Name);
/** Operator names written with dashes that we keep opaque (`mv-apply`, `make-series` …). */
export const DashedWord = token('DashedWord', Name);

// Operators, grouped by precedence level; the image says which operator it is.
export const StrOp = token('StrOp', BinaryOperator); // =~ !~ has !has contains startswith … (level 7)
export const EqOp = token('EqOp', BinaryOperator); // == != <> (level 3)
export const InOp = token('InOp'); // in !in in~ !in~ has_any has_all (level 3)
export const BetweenOp = token('BetweenOp'); // between !between (level 3)
export const RelOp = token('RelOp', BinaryOperator); // < <= > >= (level 4)
export const Plus = token('Plus', BinaryOperator);
export const Minus = token('Minus', BinaryOperator);
export const Star = token('Star', BinaryOperator);
export const MulOp = token('MulOp', BinaryOperator); // / %

// Literals; the lexer puts the decoded value in the token's payload.
export const StringLit = token('StringLit');
export const NumberLit = token('NumberLit');
export const TimespanLit = token('TimespanLit');
/** `datetime(…)`, `timespan(…)`, `time(…)`, `guid(…)`: a keyword with raw text in parentheses. */
export const TypedLit = token('TypedLit');
export const BoolLit = token('BoolLit');

// Punctuation.
export const Pipe = createToken({ name: 'Pipe', pattern: NA });
export const Semi = createToken({ name: 'Semi', pattern: NA });
export const LParen = createToken({ name: 'LParen', pattern: NA });
export const RParen = createToken({ name: 'RParen', pattern: NA });
export const LBracket = createToken({ name: 'LBracket', pattern: NA });
export const RBracket = createToken({ name: 'RBracket', pattern: NA });
export const LBrace = createToken({ name: 'LBrace', pattern: NA });
export const RBrace = createToken({ name: 'RBrace', pattern: NA });
export const Comma = token('Comma');
export const Dot = token('Dot');
export const DotDot = token('DotDot');
export const Colon = token('Colon');
export const Assign = token('Assign');

export const allTokens: TokenType[] = [
  Plain,
  Name,
  BinaryOperator,
  Identifier,
  Let,
  Where,
  Extend,
  Project,
  ProjectAway,
  ProjectKeep,
  ProjectRename,
  ProjectReorder,
  Summarize,
  By,
  Join,
  Lookup,
  On,
  Union,
  Parse,
  With,
  Top,
  Sort,
  Distinct,
  Take,
  Datatable,
  Externaldata,
  Declare,
  Matches,
  And,
  Or,
  Count,
  SetKw,
  Asc,
  Desc,
  Nulls,
  DashedWord,
  StrOp,
  EqOp,
  InOp,
  BetweenOp,
  RelOp,
  Plus,
  Minus,
  Star,
  MulOp,
  StringLit,
  NumberLit,
  TimespanLit,
  TypedLit,
  BoolLit,
  Pipe,
  Semi,
  LParen,
  RParen,
  LBracket,
  RBracket,
  LBrace,
  RBrace,
  Comma,
  Dot,
  DotDot,
  Colon,
  Assign,
];

/** Words with a token type of their own; any other word is an Identifier. */
export const KEYWORDS: ReadonlyMap<string, TokenType> = new Map([
  ['let', Let],
  ['where', Where],
  ['filter', Where],
  ['extend', Extend],
  ['project', Project],
  ['project-away', ProjectAway],
  ['project-keep', ProjectKeep],
  ['project-rename', ProjectRename],
  ['project-reorder', ProjectReorder],
  ['summarize', Summarize],
  ['by', By],
  ['join', Join],
  ['lookup', Lookup],
  ['on', On],
  ['union', Union],
  ['parse', Parse],
  ['parse-where', Parse],
  ['with', With],
  ['top', Top],
  ['sort', Sort],
  ['order', Sort],
  ['distinct', Distinct],
  ['take', Take],
  ['limit', Take],
  ['datatable', Datatable],
  ['externaldata', Externaldata],
  ['declare', Declare],
  ['matches', Matches],
  ['and', And],
  ['or', Or],
  ['count', Count],
  ['set', SetKw],
  ['asc', Asc],
  ['desc', Desc],
  ['nulls', Nulls],
  ['true', BoolLit],
  ['false', BoolLit],
  ['in', InOp],
  ['has_any', InOp],
  ['has_all', InOp],
  ['between', BetweenOp],
]);

/** Words of the string-operator level (they may also be written with a leading `!`). */
export const STRING_OPERATOR_WORDS: ReadonlySet<string> = new Set([
  'has',
  'has_cs',
  'hasprefix',
  'hasprefix_cs',
  'hassuffix',
  'hassuffix_cs',
  'contains',
  'contains_cs',
  'containscs',
  'startswith',
  'startswith_cs',
  'endswith',
  'endswith_cs',
  'like',
  'like_cs',
  'notlike',
  'notlike_cs',
  'notcontains',
  'notcontainscs',
  'nothas',
]);

/** Operator names that contain dashes; any other `word-word` is a subtraction. */
export const DASHED_WORDS: ReadonlySet<string> = new Set([
  'project-away',
  'project-keep',
  'project-rename',
  'project-reorder',
  'project-smart',
  'parse-where',
  'parse-kv',
  'mv-expand',
  'mv-apply',
  'make-series',
  'top-nested',
  'top-hitters',
  'sample-distinct',
  'make-graph',
  'graph-match',
]);
