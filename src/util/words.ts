/** A word after its indefinite article, chosen by the word's first letter ("an aggregate", "a sequence"). */
export function withArticle(word: string): string {
  return `${/^[aeiou]/i.test(word) ? 'an' : 'a'} ${word}`;
}
