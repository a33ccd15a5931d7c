/**
 * EQL string literals: reading the escapes of `"…"` and writing any text back as a literal.
 * This is the only place where EQL string escaping happens.
 */

const SIMPLE_ESCAPES: Record<string, string> = {
  b: '\b',
  t: '\t',
  n: '\n',
  f: '\f',
  r: '\r',
  '"': '"',
  "'": "'",
  '\\': '\\',
};

export class EscapeError extends Error {
  constructor(
    message: string,
    /** Offset of the offending backslash inside the literal's text (quotes included). */
    readonly offset: number,
  ) {
    super(message);
  }
}

/** The value of a `"…"` literal as written (with its quotes). Throws EscapeError on an unknown escape. */
export function unescapeQuoted(image: string): string {
  const body = image.slice(1, -1);
  if (!body.includes('\\')) return body;
  let out = '';
  let i = 0;
  while (i < body.length) {
    const c = body[i] as string;
    if (c !== '\\') {
      out += c;
      i++;
      continue;
    }
    const next = body[i + 1] ?? '';
    const simple = SIMPLE_ESCAPES[next];
    if (simple !== undefined) {
      out += simple;
      i += 2;
      continue;
    }
    if (next === 'u') {
      const m = /^\\u\{([0-9A-Fa-f]{2,8})\}/.exec(body.slice(i));
      const code = m ? parseInt(m[1] as string, 16) : NaN;
      if (!m || code > 0x10ffff) {
        throw new EscapeError(
          'invalid unicode escape: write \\u{…} with 2 to 8 hex digits of a code point',
          i + 1,
        );
      }
      out += String.fromCodePoint(code);
      i += m[0].length;
      continue;
    }
    throw new EscapeError(
      `unknown escape \\${next} in a string: write \\\\ for a backslash, or use a """raw""" string`,
      i + 1,
    );
  }
  return out;
}

/** The value of a `"""…"""` literal: no escapes; extra closing quotes (at most two) belong to the text. */
export function rawValue(image: string): string {
  return image.slice(3, -3);
}

/**
 * Characters written as `\u{…}` rather than as themselves: controls, invisible format characters (the
 * bidirectional overrides of "Trojan source" among them), separators other than the space, lone surrogates.
 */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]|(?! )\p{Zs}/u;

/** A `"…"` literal that reads back as exactly `text`. */
export function quote(text: string): string {
  let out = '"';
  for (const ch of text) {
    switch (ch) {
      case '"':
        out += '\\"';
        break;
      case '\\':
        out += '\\\\';
        break;
      case '\n':
        out += '\\n';
        break;
      case '\r':
        out += '\\r';
        break;
      case '\t':
        out += '\\t';
        break;
      default: {
        const code = ch.codePointAt(0) as number;
        // Control characters (and the line/paragraph separators) are written as code points so the query
        // stays on readable lines.
        if (INVISIBLE.test(ch)) {
          out += `\\u{${code.toString(16).toUpperCase().padStart(2, '0')}}`;
        } else out += ch;
      }
    }
  }
  return out + '"';
}

/**
 * A regular expression as a literal: `"""raw"""` when it has backslashes (so `\d` reads as written) and a
 * raw string can hold it, else an escaped `"…"`.
 */
export function quoteRegex(text: string): string {
  const rawable =
    text.includes('\\') && !text.includes('"') && ![...text].some((ch) => INVISIBLE.test(ch) || ch === '\n');
  return rawable ? `"""${text}"""` : quote(text);
}
