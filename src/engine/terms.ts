/**
 * Kusto's `has`: the needle is a whole term of the value. Kusto splits text into maximal runs of ASCII
 * alphanumeric characters (its term index keeps runs of 3+ characters, but shorter needles are answered by a
 * scan with the same result, so length does not change the meaning). A needle is found where it occurs with
 * a term boundary on each side that starts or ends with an alphanumeric character: `"KustoExplorerQueryRun"
 * has "Explorer"` is false; `"C:\\Windows\\cmd.exe /c" has "cmd.exe"` is true; `has ".exe"` needs a boundary
 * only after `exe`. An empty needle is found everywhere.
 */
import { fold } from './wildcard.js';

export function isTermChar(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

export function compileTerm(needle: string, cased: boolean): (text: string) => boolean {
  const folded = fold(needle, cased);
  if (folded === '') return () => true;
  const needsBefore = isTermChar(folded.charCodeAt(0));
  const needsAfter = isTermChar(folded.charCodeAt(folded.length - 1));
  return (raw) => {
    const text = fold(raw, cased);
    for (let at = text.indexOf(folded); at >= 0; at = text.indexOf(folded, at + 1)) {
      if (needsBefore && at > 0 && isTermChar(text.charCodeAt(at - 1))) continue;
      const end = at + folded.length;
      if (needsAfter && end < text.length && isTermChar(text.charCodeAt(end))) continue;
      return true;
    }
    return false;
  };
}
