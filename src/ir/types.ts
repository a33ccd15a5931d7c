/**
 * The rulestone intermediate representation.
 *
 * One typed form for a detection, whatever dialect it came from. Every front end lowers into these types and
 * every back end prints from them. The types are plain JSON-compatible data (no classes, no Maps), so an IR
 * can be saved with `--ir`, edited by hand, validated by the JSON schema in `schema.ts`, and read back.
 */

/** Where something was written: 1-based line and column in the source text. */
export interface SourcePosition {
  line: number;
  column: number;
}

// ---------------------------------------------------------------------------------------------------------
// Values

/**
 * One piece of a string pattern. A bare string is literal text (any character, including `*`, `?` and `\`,
 * means itself); objects are the wildcard and placeholder tokens. Escaping exists only in dialect printers.
 */
export type PatternPart = string | WildcardToken | PlaceholderToken;

/** `*` matches any run of characters (also none); `?` exactly one character. */
export interface WildcardToken {
  wildcard: '*' | '?';
}

/** A named placeholder (Sigma `%name%` under `expand`), resolved only when lowering for a target. */
export interface PlaceholderToken {
  placeholder: string;
}

export type Pattern = PatternPart[];

export interface StringValue {
  type: 'string';
  pattern: Pattern;
}

export interface NumberValue {
  type: 'number';
  value: number;
}

export interface BooleanValue {
  type: 'boolean';
  value: boolean;
}

export interface NullValue {
  type: 'null';
}

/** The regex dialects we meet: Sigma's restricted PCRE, Lucene (Elasticsearch EQL), RE2 (Kusto). */
export type RegexFlavour = 'pcre' | 'lucene' | 're2';

export interface RegexFlags {
  /** case-insensitive */
  i: boolean;
  /** `^` and `$` match at line breaks */
  m: boolean;
  /** `.` matches line breaks */
  s: boolean;
}

/**
 * A regular expression. `anchored` says whether the flavour's matching is whole-value (Lucene) or a search
 * for a substring (PCRE-style `re`, RE2 `matches regex`): that is a property of how the dialect applies it,
 * recorded here so that translation can add or remove `.*` honestly.
 */
export interface RegexValue {
  type: 'regex';
  pattern: string;
  flags: RegexFlags;
  flavour: RegexFlavour;
  anchored: boolean;
}

export interface CidrValue {
  type: 'cidr';
  cidr: string;
}

/** The value of another field of the same event (Sigma `fieldref`). */
export interface FieldRefValue {
  type: 'fieldref';
  field: string;
}

export type Value =
  StringValue | NumberValue | BooleanValue | NullValue | RegexValue | CidrValue | FieldRefValue;

// ---------------------------------------------------------------------------------------------------------
// Predicates and expressions

/**
 * The comparison a predicate makes.
 * - `eq`: the whole value equals the pattern (wildcards in the pattern apply).
 * - `contains` / `startswith` / `endswith`: the pattern occurs inside / at the start / at the end.
 * - `term`: the pattern is a whole term of the value (KQL `has`).
 * - `regex`: the value matches a RegexValue.
 * - `cidr`: the value is an address inside a CidrValue.
 * - `lt` `lte` `gt` `gte`: ordered comparison with a number.
 * - `exists`: the field is present (any value, even empty or null); no values.
 * - `null`: the field is missing or null; no values.
 */
export type PredicateOp =
  | 'eq'
  | 'contains'
  | 'startswith'
  | 'endswith'
  | 'term'
  | 'regex'
  | 'cidr'
  | 'lt'
  | 'lte'
  | 'gt'
  | 'gte'
  | 'exists'
  | 'null';

/**
 * Value rewrites kept symbolic so that Sigma → Sigma is exact; a back end without them expands them.
 * They apply to each value, in order, before the predicate's operator.
 */
export type ValueTransform = 'base64' | 'base64offset' | 'utf16le' | 'utf16be' | 'utf16' | 'wide' | 'windash';

/** A date part taken from a timestamp field before comparing (Sigma 2.1 time modifiers). */
export type DatePart = 'minute' | 'hour' | 'day' | 'week' | 'month' | 'year';

export interface Predicate {
  kind: 'predicate';
  /** Field name in the rule's data model; `null` for a keyword search over the whole event. */
  field: string | null;
  op: PredicateOp;
  values: Value[];
  /** With several values: true when any one may match (OR), false when all must (AND). */
  matchAll: boolean;
  /** Case-sensitive comparison of strings. For regexes the flag `i` decides instead, and this is true. */
  cased: boolean;
  transforms: ValueTransform[];
  datePart?: DatePart;
  pos?: SourcePosition;
}

export interface AndExpr {
  kind: 'and';
  items: Expr[];
  /** A name the source gave this group (a Sigma search identifier); printers may reuse it, equality ignores it. */
  label?: string;
}

export interface OrExpr {
  kind: 'or';
  items: Expr[];
  label?: string;
}

export interface NotExpr {
  kind: 'not';
  item: Expr;
  label?: string;
}

export interface ConstExpr {
  kind: 'const';
  value: boolean;
}

/**
 * A computed operand: what a dialect can compute before comparing (EQL `length(x)`, arithmetic, KQL
 * `strlen`). Function names are the dialect's own, lower-cased, with a trailing `~` kept for EQL's
 * case-insensitive forms; the dialect of the enclosing ComputedExpr defines their meaning.
 */
export type Term =
  | { kind: 'field'; field: string }
  | { kind: 'value'; value: Value }
  | { kind: 'call'; name: string; args: Term[] }
  | { kind: 'binary'; op: BinaryOp; left: Term; right: Term };

export type BinaryOp = '+' | '-' | '*' | '/' | '%' | '==' | '!=' | '<' | '<=' | '>' | '>=';

/**
 * A condition that is not a comparison of one field with constants: `length(process.args) > 3`,
 * `substring(a, 0, 3) == "xyz"`. It keeps the source dialect's semantics (`dialect`) so that a printer of
 * the same dialect writes it back exactly, and other printers translate it only where they can say so.
 */
export interface ComputedExpr {
  kind: 'computed';
  dialect: Dialect;
  term: Term;
}

export type Expr = AndExpr | OrExpr | NotExpr | ConstExpr | Predicate | ComputedExpr;

// ---------------------------------------------------------------------------------------------------------
// Sources and queries

/**
 * What events a search reads. `model` names the data model whose field names the filter uses ('sigma',
 * 'ecs', a Sentinel profile …); `category` is the canonical event category when one is known; `native`
 * holds how the source dialect said it (Sigma logsource, EQL event category and indices, KQL table), so a
 * round trip through the same dialect loses nothing.
 */
export interface Source {
  model: string;
  category?: string;
  product?: string;
  service?: string;
  native: Record<string, unknown>;
}

export interface SearchQuery {
  kind: 'search';
  source: Source;
  filter: Expr;
}

/** A length of time, normalised to a count of one unit as the source wrote it. */
export interface Duration {
  value: number;
  unit: 'ms' | 's' | 'm' | 'h' | 'd' | 'w' | 'M' | 'y';
}

/**
 * One grouping or join key of a multi-event query: the field it reads in each step, index-aligned with the
 * steps. A key whose fields are all the same is a shared key (EQL `sequence by f`); otherwise each step
 * names its own (EQL per-step `by`, Sigma correlation aliases). `alias` is the name Sigma gives it.
 */
export interface JoinKey {
  alias?: string;
  fields: string[];
}

/** How a multi-event query refers to one of its parts when that part is a rule of its own. */
export interface RuleRef {
  id?: string;
  name?: string;
  title?: string;
  /** False when the referenced rule lives in another document set and must be referenced, not repeated. */
  inline: boolean;
}

export interface Step {
  query: Query;
  /** EQL `with runs=N`: the step must match N times in a row. */
  runs?: number;
  /** EQL missing event `![…]`: no such event may occur at this point. */
  missing?: boolean;
  ref?: RuleRef;
}

/** Ordered events (EQL sequence, Sigma temporal_ordered correlation, KQL join in a time window). */
export interface SequenceQuery {
  kind: 'sequence';
  keys: JoinKey[];
  maxspan?: Duration;
  steps: Step[];
  until?: Step;
}

/** A threshold over an aggregate: each bound present must hold. */
export interface Threshold {
  gt?: number;
  gte?: number;
  lt?: number;
  lte?: number;
  eq?: number;
  neq?: number;
}

/** Unordered events within a window (Sigma temporal correlation, EQL sample). */
export interface TemporalQuery {
  kind: 'temporal';
  keys: JoinKey[];
  window?: Duration;
  steps: Step[];
  condition?: Threshold;
}

export type AggregateFunction = 'count' | 'distinct_count' | 'sum' | 'avg' | 'percentile' | 'median';

/** Events counted or measured per group within a window (Sigma event_count/value_count/value_*, KQL summarize). */
export interface AggregateQuery {
  kind: 'aggregate';
  function: AggregateFunction;
  /** The field measured; absent for `count`. */
  field?: string;
  /** For `percentile`: which percentile. */
  percentile?: number;
  keys: JoinKey[];
  window?: Duration;
  steps: Step[];
  condition: Threshold;
}

/**
 * A Sigma meta filter: an exclusion applied to other rules whose logsource matches. It selects no events of
 * its own, so no other dialect can print it; it exists so that Sigma filter documents round-trip.
 */
export interface FilterQuery {
  kind: 'filter';
  source: Source;
  /** The rules it applies to, or 'any'. */
  appliesTo: string[] | 'any';
  filter: Expr;
}

/**
 * A query in a language rulestone does not read (Kibana's kuery, Lucene, ES|QL), or none at all (a
 * machine-learning rule): carried verbatim so that rule documents round-trip. No dialect can translate it.
 */
export interface OpaqueQuery {
  kind: 'opaque';
  language: string;
  text: string;
}

export type Query = SearchQuery | SequenceQuery | TemporalQuery | AggregateQuery | FilterQuery | OpaqueQuery;

/**
 * Stages after the logic that decides which events alert: they change what is shown, not what matches.
 * Printers that lack a stage drop it with a note, never silently.
 */
export type OutputStage =
  | { kind: 'head'; count: number }
  | { kind: 'tail'; count: number }
  | { kind: 'project'; fields: string[] }
  /**
   * A stage kept as text. `narrows`: it can also drop rows (a KQL inner join, `mv-expand` of empty lists), so
   * leaving it out matches more.
   */
  | { kind: 'opaque'; dialect: string; text: string; narrows?: boolean };

// ---------------------------------------------------------------------------------------------------------
// Rules

export type Severity = 'informational' | 'low' | 'medium' | 'high' | 'critical';

export interface AttackMapping {
  /** Tactic short names as Sigma writes them, e.g. 'lateral-movement'. */
  tactics: string[];
  /** Technique and sub-technique ids, e.g. 'T1021', 'T1021.003'. */
  techniques: string[];
}

export interface RelatedRule {
  id: string;
  type: string;
}

export interface RuleMeta {
  id?: string;
  name?: string;
  title: string;
  description?: string;
  authors: string[];
  references: string[];
  related: RelatedRule[];
  severity?: Severity;
  riskScore?: number;
  status?: string;
  license?: string;
  /** YYYY-MM-DD */
  created?: string;
  /** YYYY-MM-DD */
  modified?: string;
  tags: string[];
  attack: AttackMapping;
  falsePositives: string[];
  note?: string;
  schedule?: { interval?: Duration; lookback?: Duration };
  output?: { fields: string[] };
  /** What only one dialect knows, keyed by dialect, so a round trip through the same dialect is exact. */
  extensions: Record<string, Record<string, unknown>>;
}

export type Dialect = 'sigma' | 'eql' | 'kql';

export interface Provenance {
  dialect: Dialect;
  file?: string;
  /** Index of the document inside a multi-document file, or of the record in a JSONL file. */
  document?: number;
  pos?: SourcePosition;
  /**
   * Set on one of the rules a source rule is written as, where the target says per rule what the source says
   * at once (a Sigma rule per log source of an EQL `any where` query): which part, stable across runs.
   */
  part?: string;
}

export interface Rule {
  meta: RuleMeta;
  query: Query;
  output: OutputStage[];
  provenance: Provenance;
}
