import type { DatePart, PredicateOp, RegexFlags, ValueTransform } from '../../ir/types.js';

/** What a detection key `Field|mod1|mod2…` says, once its modifiers are understood. */
export interface FieldSpec {
  /** null for keyword keys (`'|all'`, `'|contains'`). */
  field: string | null;
  /** The operator given by a modifier; `eq` when there is none. */
  op: PredicateOp | 'fieldref';
  /** A fieldref combined with contains/startswith/endswith compares with that operator. */
  fieldrefOp?: 'eq' | 'contains' | 'startswith' | 'endswith';
  transforms: ValueTransform[];
  matchAll: boolean;
  cased: boolean;
  negated: boolean;
  expand: boolean;
  regexFlags: RegexFlags;
  datePart?: DatePart;
}

export class ModifierError extends Error {}

const TRANSFORMS = new Set<string>([
  'base64',
  'base64offset',
  'utf16le',
  'utf16be',
  'utf16',
  'wide',
  'windash',
]);
const DATE_PARTS = new Set<string>(['minute', 'hour', 'day', 'week', 'month', 'year']);
const COMPARISONS = new Set<string>(['lt', 'lte', 'gt', 'gte']);
const SUBSTRING = new Set<string>(['contains', 'startswith', 'endswith']);
const REGEX_FLAGS: Record<string, keyof RegexFlags> = {
  i: 'i',
  ignorecase: 'i',
  m: 'm',
  multiline: 'm',
  s: 's',
  dotall: 's',
};

/** Every modifier name the reader accepts, for messages. */
export const KNOWN_MODIFIERS = [
  ...SUBSTRING,
  'all',
  'exists',
  'cased',
  'neq',
  're',
  ...Object.keys(REGEX_FLAGS).filter((f) => f.length === 1),
  ...TRANSFORMS,
  ...COMPARISONS,
  ...DATE_PARTS,
  'cidr',
  'expand',
  'fieldref',
];

/**
 * Reads a detection key. Throws ModifierError for an unknown modifier or a combination the specification
 * rules out (two operators, regex flags without `re`, …): guessing would change what the rule matches.
 */
// Detection keys repeat across rules ('Image|endswith', 'CommandLine|contains'): read each once. Specs are
// shared, so callers copy what they keep.
const specs = new Map<string, Readonly<FieldSpec>>();
const MAX_CACHED_SPECS = 50_000;

export function parseFieldSpec(key: string): Readonly<FieldSpec> {
  const cached = specs.get(key);
  if (cached) return cached;
  const spec = readFieldSpec(key);
  if (specs.size >= MAX_CACHED_SPECS) specs.clear();
  specs.set(key, spec);
  return spec;
}

function readFieldSpec(key: string): FieldSpec {
  const [rawField, ...mods] = key.split('|');
  const spec: FieldSpec = {
    field: rawField === '' ? null : (rawField as string),
    op: 'eq',
    transforms: [],
    matchAll: false,
    cased: false,
    negated: false,
    expand: false,
    regexFlags: { i: false, m: false, s: false },
  };
  const setOp = (op: FieldSpec['op'], name: string): void => {
    if (spec.op === 'fieldref' && SUBSTRING.has(name)) {
      spec.fieldrefOp = name as FieldSpec['fieldrefOp'];
      return;
    }
    if (op === 'fieldref' && SUBSTRING.has(spec.op)) {
      spec.fieldrefOp = spec.op as FieldSpec['fieldrefOp'];
      spec.op = 'fieldref';
      return;
    }
    if (spec.op !== 'eq') {
      throw new ModifierError(`modifier '${name}' cannot be combined with '${spec.op}' in '${key}'`);
    }
    spec.op = op;
  };
  for (const mod of mods) {
    if (mod === '') throw new ModifierError(`empty modifier in '${key}'`);
    if (SUBSTRING.has(mod)) setOp(mod as PredicateOp, mod);
    else if (COMPARISONS.has(mod)) setOp(mod as PredicateOp, mod);
    else if (mod === 're') setOp('regex', mod);
    else if (mod === 'cidr') setOp('cidr', mod);
    else if (mod === 'exists') setOp('exists', mod);
    else if (mod === 'fieldref') setOp('fieldref', mod);
    else if (mod === 'all') spec.matchAll = true;
    else if (mod === 'cased') spec.cased = true;
    else if (mod === 'neq') spec.negated = true;
    else if (mod === 'expand') spec.expand = true;
    else if (TRANSFORMS.has(mod)) spec.transforms.push(mod as ValueTransform);
    else if (DATE_PARTS.has(mod)) {
      if (spec.datePart) throw new ModifierError(`two date parts in '${key}'`);
      spec.datePart = mod as DatePart;
    } else if (mod in REGEX_FLAGS) {
      if (spec.op !== 'regex') throw new ModifierError(`regex flag '${mod}' must follow 're' in '${key}'`);
      spec.regexFlags[REGEX_FLAGS[mod] as keyof RegexFlags] = true;
    } else {
      throw new ModifierError(`unknown modifier '${mod}' in '${key}' (known: ${KNOWN_MODIFIERS.join(', ')})`);
    }
  }
  if (spec.op === 'exists' && spec.field === null)
    throw new ModifierError(`'exists' needs a field in '${key}'`);
  if (spec.op === 'fieldref' && spec.field === null)
    throw new ModifierError(`'fieldref' needs a field in '${key}'`);
  if (spec.op === 'regex' && spec.cased)
    throw new ModifierError(
      `'cased' has no meaning on 're' in '${key}' (regexes are case-sensitive; use 'i' for the opposite)`,
    );
  if (spec.datePart && !['eq', 'lt', 'lte', 'gt', 'gte'].includes(spec.op)) {
    throw new ModifierError(`date part '${spec.datePart}' cannot be combined with '${spec.op}' in '${key}'`);
  }
  return spec;
}
