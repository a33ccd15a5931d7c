/**
 * Diagnostics: what every stage says about its input. Errors stop the rule they concern (the rest of a batch
 * goes on); warnings and notes travel with the output. Fidelity notes say how a translation's meaning moved.
 */

export type Severity = 'error' | 'warning' | 'info';

export type Fidelity = 'exact' | 'broader' | 'narrower' | 'unsupported';

export interface Diagnostic {
  severity: Severity;
  /** A stable, greppable code such as `sigma/unknown-modifier`. */
  code: string;
  message: string;
  file?: string;
  line?: number;
  column?: number;
  /**
   * Where in a structured document (YAML/TOML) the problem sits, as keys and indexes from the document root.
   * Turned into a line and column by the caller that still has the text (see `locate`).
   */
  path?: (string | number)[];
  /** The document of a multi-document file. */
  document?: number;
  /** For fidelity notes: how the translation's meaning differs. */
  fidelity?: Fidelity;
}

/** A failure that ends work on one rule. Thrown inside a stage and caught where the batch goes on. */
export class RuleError extends Error {
  readonly diagnostic: Diagnostic;

  constructor(diagnostic: Omit<Diagnostic, 'severity'> & { severity?: Severity }) {
    super(diagnostic.message);
    this.name = 'RuleError';
    this.diagnostic = { severity: 'error', ...diagnostic };
  }
}

export function isRuleError(error: unknown): error is RuleError {
  return error instanceof RuleError;
}

/** A collector that stages append to. */
export class Report {
  readonly diagnostics: Diagnostic[] = [];

  add(diagnostic: Diagnostic): void {
    this.diagnostics.push(diagnostic);
  }

  error(code: string, message: string, extra: Partial<Diagnostic> = {}): void {
    this.add({ severity: 'error', code, message, ...extra });
  }

  warn(code: string, message: string, extra: Partial<Diagnostic> = {}): void {
    this.add({ severity: 'warning', code, message, ...extra });
  }

  info(code: string, message: string, extra: Partial<Diagnostic> = {}): void {
    this.add({ severity: 'info', code, message, ...extra });
  }

  get hasErrors(): boolean {
    return this.diagnostics.some((d) => d.severity === 'error');
  }
}

/** `file:line:column: severity code: message`, the shape editors and CI annotators understand. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = [d.file, d.line, d.column].filter((x) => x !== undefined).join(':');
  return `${where ? where + ': ' : ''}${d.severity} ${d.code}: ${d.message}`;
}

/** The verdict a translation's own notes announce: unsupported, broader, narrower, else exact. */
export function fidelityOf(diagnostics: Diagnostic[]): Fidelity {
  const verdicts = new Set(
    diagnostics.map((d) => d.fidelity).filter((f): f is Fidelity => f !== undefined && f !== 'exact'),
  );
  if (verdicts.has('unsupported') || (verdicts.has('broader') && verdicts.has('narrower')))
    return 'unsupported';
  if (verdicts.has('broader')) return 'broader';
  if (verdicts.has('narrower')) return 'narrower';
  return 'exact';
}
