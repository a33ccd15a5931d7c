/** Timestamps of events, durations of windows, and date parts (Sigma 2.1 time modifiers). */
import type { DatePart, Duration } from '../ir/types.js';
import { MISSING, fieldReader, type FieldReader } from './fields.js';
import { durationSeconds } from '../ir/duration.js';

export function durationMs(duration: Duration): number {
  return durationSeconds(duration) * 1000;
}

/** Fields tried, in order, when the caller names no timestamp field. */
export const DEFAULT_TIMESTAMP_FIELDS = [
  '@timestamp',
  'TimeGenerated',
  'Timestamp',
  'timestamp',
  'Event.System.TimeCreated.#attributes.SystemTime',
  'TimeCreated_SystemTime',
  'UtcTime',
];

/**
 * Milliseconds since the epoch for a timestamp value: a number or numeric string (epoch milliseconds, as
 * Elasticsearch reads them), or a date text (ISO 8601; a text without zone is read as UTC, as Sysmon's
 * `UtcTime` "2024-01-02 03:04:05.678" is).
 */
export function timestampMs(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (/^-?\d+(\.\d+)?$/.test(text)) return timestampMs(Number(text));
  let iso = text.replace(/^(\d{4}-\d{2}-\d{2}) (\d)/, '$1T$2');
  // More than millisecond precision (Windows writes 7 digits) is cut: Date.parse refuses some longer fractions.
  iso = iso.replace(/(\.\d{3})\d+/, '$1');
  if (/T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(iso)) iso += 'Z';
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? undefined : ms;
}

/** A reader of the event time: the given fields (first present wins), or the defaults. */
export function timestampReader(
  fields: readonly string[] = DEFAULT_TIMESTAMP_FIELDS,
): (event: unknown) => number | undefined {
  const readers: FieldReader[] = fields.map(fieldReader);
  return (event) => {
    for (const read of readers) {
      const v = read(event);
      if (v === MISSING || v === null) continue;
      const ms = timestampMs(Array.isArray(v) ? v[0] : v);
      if (ms !== undefined) return ms;
    }
    return undefined;
  };
}

/** ISO 8601 week number (1–53) of a UTC date. */
function isoWeek(date: Date): number {
  const d = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  const day = d.getUTCDay() || 7;
  d.setUTCDate(d.getUTCDate() + 4 - day);
  const yearStart = Date.UTC(d.getUTCFullYear(), 0, 1);
  return Math.ceil(((d.getTime() - yearStart) / 86_400_000 + 1) / 7);
}

/** The date part of a timestamp value, in UTC (Sigma: no time-zone conversion), or undefined. */
export function datePartOf(value: unknown, part: DatePart): number | undefined {
  const ms = timestampMs(value);
  if (ms === undefined) return undefined;
  const d = new Date(ms);
  switch (part) {
    case 'minute':
      return d.getUTCMinutes();
    case 'hour':
      return d.getUTCHours();
    case 'day':
      return d.getUTCDate();
    case 'week':
      return isoWeek(d);
    case 'month':
      return d.getUTCMonth() + 1;
    case 'year':
      return d.getUTCFullYear();
  }
}
