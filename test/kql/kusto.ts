/**
 * Microsoft's own KQL parser and analyzer (Kusto.Language, npm @kusto/language-service-next) as a test oracle.
 * `kustoDiagnostics(text)` parses and analyses a query against the Sentinel tables and functions declared in
 * /work/shared/kql-schema and returns every syntax and semantic error. Loading the bridge takes about half a
 * second, so it happens once per process.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { sharedPath } from '../support/shared.js';

const require = createRequire(import.meta.url);

/* eslint-disable @typescript-eslint/no-explicit-any -- the Bridge.NET API is untyped from here */
let kusto: any;

/** The `Kusto.Language` namespace (loads the bridge on first use). */
export function kustoLanguage(): any {
  if (!kusto) {
    const dir = dirname(require.resolve('@kusto/language-service-next'));
    require(join(dir, 'bridge.js'));
    require(join(dir, 'Kusto.Language.Bridge.js'));
    kusto = (globalThis as any).Kusto.Language;
  }
  return kusto;
}

export interface KustoDiagnostic {
  code: string;
  severity: string;
  message: string;
  start: number;
  length: number;
}

type Columns = [string, string][];
interface FunctionDecl {
  fromSolutions?: boolean;
  params: [string, string, string?][];
  columns?: Columns;
  body?: string;
}
interface SchemaFile {
  tables: Record<string, Columns>;
  functions: Record<string, FunctionDecl>;
}

/** The Sentinel declarations: Log Analytics tables, ASIM functions, Sysmon convenience functions, and the 2022
 * solutions' parser functions (declared by their bodies). */
const SCHEMA_FILES = ['sentinel-schema.json', 'sysmon-functions.json', 'solution-parsers-2022.json'];

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
const quote = (name: string): string => (IDENT.test(name) ? name : `['${name.replace(/'/g, "\\'")}']`);
const schemaOf = (columns: Columns): string => `(${columns.map(([n, t]) => `${quote(n)}:${t}`).join(', ')})`;

interface Declarations {
  tables: Map<string, Columns>;
  functions: Map<string, FunctionDecl>;
  symbols: Map<string, any>;
}

let declarations: Declarations | undefined;

function loadDeclarations(): Declarations {
  if (declarations) return declarations;
  const tables = new Map<string, Columns>();
  const functions = new Map<string, FunctionDecl>();
  for (const file of SCHEMA_FILES) {
    const schema = JSON.parse(readFileSync(sharedPath('kql-schema', file), 'utf8')) as SchemaFile;
    for (const [name, columns] of Object.entries(schema.tables)) tables.set(name, columns);
    for (const [name, fn] of Object.entries(schema.functions)) {
      if (!functions.has(name))
        functions.set(name, { ...fn, fromSolutions: file === 'solution-parsers-2022.json' });
    }
  }
  declarations = { tables, functions, symbols: new Map() };
  return declarations;
}

/** The symbol of a declared table or function, built once. */
function symbolOf(name: string, d: Declarations): any {
  const cached = d.symbols.get(name);
  if (cached) return cached;
  const S = kustoLanguage().Symbols;
  let symbol: any;
  // Some names are declared twice. ASIM functions win over the KustoServices tables of the same name (the
  // function accepts both uses); tables win over the 2022 solution parsers (whose bodies sometimes lack
  // TimeGenerated, see kql-schema/README.md).
  const fn = d.functions.get(name);
  const table = d.tables.get(name);
  if (table && (!fn || fn.fromSolutions)) symbol = new S.TableSymbol.$ctor7(name, schemaOf(table), null);
  else if (fn) {
    const params = fn.params
      .map(([n, t, v]) => `${n}:${t}${v !== undefined && v !== '' ? ` = ${v}` : ''}`)
      .join(', ');
    const body = fn.columns ? `{ datatable${schemaOf(fn.columns)}[] }` : `{ ${fn.body ?? 'print x=1'} }`;
    symbol = new S.FunctionSymbol.$ctor16(name, `(${params})`, body, null);
  }
  d.symbols.set(name, symbol);
  return symbol;
}

/**
 * A GlobalState declaring the Sentinel tables and functions a query names (and, for functions declared by a
 * body, those the body names). Analysis time grows with the size of the database, so each query gets only
 * what it can refer to; the result is the same as against the whole schema.
 */
export function sentinelGlobalsFor(text: string): any {
  const d = loadDeclarations();
  const K = kustoLanguage();
  const wanted = new Set<string>();
  const visit = (source: string): void => {
    for (const word of source.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? []) {
      if (wanted.has(word) || (!d.tables.has(word) && !d.functions.has(word))) continue;
      wanted.add(word);
      const fn = d.functions.get(word);
      if (fn?.body && !(fn.fromSolutions && d.tables.has(word))) visit(fn.body);
    }
  };
  visit(text);
  const members = [...wanted].sort().map((name) => symbolOf(name, d));
  return K.GlobalState.Default.WithDatabase(new K.Symbols.DatabaseSymbol.$ctor1('sentinel', members, false));
}

function collect(list: any): KustoDiagnostic[] {
  const out: KustoDiagnostic[] = [];
  for (let i = 0; i < list.Count; i++) {
    const d = list.getItem(i);
    out.push({ code: d.Code, severity: d.Severity, message: d.Message, start: d.Start, length: d.Length });
  }
  return out;
}

/** Syntax and semantic errors of a query analysed against the Sentinel schema. */
export function kustoDiagnostics(text: string): KustoDiagnostic[] {
  const code = kustoLanguage().KustoCode.ParseAndAnalyze(text, sentinelGlobalsFor(text));
  return collect(code.GetDiagnostics()).filter((d) => d.severity === 'Error');
}

/** Syntax errors only (`KustoCode.Parse`, no schema). */
export function kustoSyntaxErrors(text: string): KustoDiagnostic[] {
  const code = kustoLanguage().KustoCode.Parse(text);
  return collect(code.GetDiagnostics()).filter((d) => d.severity === 'Error');
}

export function describeKusto(diagnostics: KustoDiagnostic[]): string {
  return diagnostics.map((d) => `${d.code} @${d.start}: ${d.message}`).join('; ');
}
