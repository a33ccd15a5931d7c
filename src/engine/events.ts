/**
 * Reading events from text (pure: the caller reads the file). Accepted: a JSON array of events, JSON Lines,
 * and concatenated JSON values with any whitespace between them (the SigmaHQ regression files are
 * pretty-printed objects one after another).
 */
import { EngineError } from './errors.js';

/** Offsets [start, end) of each top-level JSON value in `text`, found by tracking nesting and strings. */
function splitValues(text: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) {
        inString = false;
        if (depth === 0) {
          out.push([start, i + 1]);
          start = -1;
        }
      }
      continue;
    }
    if (c === 32 || c === 9 || c === 10 || c === 13) {
      if (depth === 0 && start >= 0) {
        out.push([start, i]);
        start = -1;
      }
      continue;
    }
    if (start < 0) start = i;
    if (c === 34) inString = true;
    else if (c === 123 || c === 91) depth++;
    else if (c === 125 || c === 93) {
      depth--;
      if (depth === 0) {
        out.push([start, i + 1]);
        start = -1;
      }
      if (depth < 0) throw new EngineError('bad-event-text', `unbalanced '${text[i]}' at offset ${i}`);
    }
  }
  if (inString || depth !== 0) throw new EngineError('bad-event-text', 'the text ends inside a JSON value');
  if (start >= 0) out.push([start, text.length]);
  return out;
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** The events in `text`. A top-level array is a list of events; anything else is one event per value. */
export function parseEvents(text: string): unknown[] {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const events: unknown[] = [];
  for (const [start, end] of splitValues(body)) {
    let value: unknown;
    try {
      value = JSON.parse(body.slice(start, end));
    } catch (error) {
      throw new EngineError('bad-event-text', `line ${lineOf(body, start)}: ${(error as Error).message}`);
    }
    if (Array.isArray(value)) events.push(...value);
    else events.push(value);
  }
  return events;
}
