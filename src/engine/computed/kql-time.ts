/**
 * Kusto's datetime and timespan literals, which the KQL front end keeps as calls holding their source text
 * (`timespan("1d")`, `datetime("datetime(2026-01-01)")`). Timespans become milliseconds; datetimes become
 * DateValue, so that comparisons and arithmetic know to read the other side as a time.
 */
import { EngineError } from '../errors.js';
import { timestampMs } from '../time.js';

export class DateValue {
  constructor(readonly ms: number) {}
}

const UNITS: Array<[RegExp, number]> = [
  [/^(d|days?)$/, 86_400_000],
  [/^(h|hrs?|hours?)$/, 3_600_000],
  [/^(m|mins?|minutes?)$/, 60_000],
  [/^(s|secs?|seconds?)$/, 1000],
  [/^(ms|milli|millis|milliseconds?)$/, 1],
  [/^(microsecond|microseconds)$/, 0.001],
  [/^(tick|ticks)$/, 0.0001],
];

/** Milliseconds of a Kusto timespan text: `1d`, `1.5h`, `100ms`, `2days`, `timespan(15 seconds)`, `0.12:34:56.7`. */
export function timespanMs(source: string): number {
  let text = source.trim();
  const wrapped = /^(?:timespan|time)\((.*)\)$/s.exec(text);
  if (wrapped) text = (wrapped[1] as string).trim();
  const clock = /^(-?)(?:(\d+)\.)?(\d{1,2}):(\d{2})(?::(\d{2}(?:\.\d+)?))?$/.exec(text);
  if (clock) {
    const [, sign, d, h, m, s] = clock;
    const ms =
      Number(d ?? 0) * 86_400_000 + Number(h) * 3_600_000 + Number(m) * 60_000 + Number(s ?? 0) * 1000;
    return sign === '-' ? -ms : ms;
  }
  const unit = /^(-?\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(text);
  if (unit) {
    const n = Number(unit[1]);
    const name = (unit[2] as string).toLowerCase();
    // A bare number inside timespan(…) counts days.
    if (name === '') return n * 86_400_000;
    for (const [re, factor] of UNITS) if (re.test(name)) return n * factor;
  }
  throw new EngineError('unsupported', `the timespan '${source}'`);
}

/** The instant of a Kusto datetime text: `datetime(2026-01-01)`, `2026-01-01 10:00`, ISO 8601 (UTC). */
export function datetimeValue(source: string): DateValue {
  let text = source.trim();
  const wrapped = /^datetime\((.*)\)$/s.exec(text);
  if (wrapped) text = (wrapped[1] as string).trim().replace(/^["']|["']$/g, '');
  const ms = timestampMs(text);
  if (ms === undefined) throw new EngineError('unsupported', `the datetime '${source}'`);
  return new DateValue(ms);
}
