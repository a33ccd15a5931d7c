/** A syntax error in KQL text, with the 0-based offset and 1-based line and column where it was found. */
export class KqlSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
    this.name = 'KqlSyntaxError';
  }
}
