/**
 * The functions of Elasticsearch EQL. ES resolves function names without regard to case (the rules write
 * `cidrmatch`, `startswith~`…), so names are looked up lower-cased and printed in their documented spelling.
 */

export interface EqlFunction {
  /** The spelling of the Elasticsearch EQL function reference. */
  name: string;
  /** Whether a case-insensitive `name~(…)` form exists. */
  insensitiveForm: boolean;
  minArgs: number;
  maxArgs: number;
}

const FUNCTIONS: EqlFunction[] = [
  { name: 'add', insensitiveForm: false, minArgs: 2, maxArgs: 2 },
  { name: 'between', insensitiveForm: true, minArgs: 3, maxArgs: 4 },
  { name: 'cidrMatch', insensitiveForm: false, minArgs: 2, maxArgs: Infinity },
  { name: 'concat', insensitiveForm: false, minArgs: 1, maxArgs: Infinity },
  { name: 'divide', insensitiveForm: false, minArgs: 2, maxArgs: 2 },
  { name: 'endsWith', insensitiveForm: true, minArgs: 2, maxArgs: 2 },
  { name: 'indexOf', insensitiveForm: true, minArgs: 2, maxArgs: 3 },
  { name: 'length', insensitiveForm: false, minArgs: 1, maxArgs: 1 },
  { name: 'modulo', insensitiveForm: false, minArgs: 2, maxArgs: 2 },
  { name: 'multiply', insensitiveForm: false, minArgs: 2, maxArgs: 2 },
  { name: 'number', insensitiveForm: false, minArgs: 1, maxArgs: 2 },
  { name: 'startsWith', insensitiveForm: true, minArgs: 2, maxArgs: 2 },
  { name: 'string', insensitiveForm: false, minArgs: 1, maxArgs: 1 },
  { name: 'stringContains', insensitiveForm: true, minArgs: 2, maxArgs: 2 },
  { name: 'substring', insensitiveForm: false, minArgs: 2, maxArgs: 3 },
  { name: 'subtract', insensitiveForm: false, minArgs: 2, maxArgs: 2 },
];

const BY_LOWER_NAME = new Map(FUNCTIONS.map((f) => [f.name.toLowerCase(), f]));

/** The function whose name is `name` in any letter case, if Elasticsearch EQL has it. */
export function lookupFunction(name: string): EqlFunction | undefined {
  return BY_LOWER_NAME.get(name.toLowerCase());
}

/**
 * Pseudo-function names used inside a computed Term for EQL operators that the IR's Term has no node for
 * (`length(x) : "a*"`, `string(x) in ("1", "2")`). The printer writes them back as operators.
 */
export const OPERATOR_CALLS: ReadonlySet<string> = new Set([
  ':',
  'like',
  'like~',
  'regex',
  'regex~',
  'in',
  'in~',
]);
