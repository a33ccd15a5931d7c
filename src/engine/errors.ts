/**
 * Why the evaluator refused a rule. `unsupported` means the construct has a meaning we do not implement
 * (never a silent "no match"); the others mean the input itself is wrong for evaluation.
 */
export type EngineErrorCode =
  | 'unsupported'
  | 'placeholder'
  | 'regex'
  | 'regex-too-large'
  | 'cidr'
  | 'timestamp'
  | 'not-single-event'
  | 'bad-event-text';

export class EngineError extends Error {
  constructor(
    readonly code: EngineErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'EngineError';
  }
}
