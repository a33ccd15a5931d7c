/**
 * Durations in the spellings rule documents use: Elastic `interval` (`5m`) and `from` (`now-9m`), Sentinel
 * `queryFrequency` (`1h`, or a .NET TimeSpan `01:00:00`) and ARM ISO-8601 (`PT1H`, `P1D`).
 *
 * The IR schedule: `interval` is how often the rule runs; `lookback` is the whole span each run reads
 * (Sentinel `queryPeriod`; Elastic `from: now-<lookback>`, which includes the interval).
 */
import type { Duration } from '../ir/types.js';
import { durationSeconds } from '../ir/duration.js';

export function seconds(d: Duration): number {
  return durationSeconds(d);
}

/** `5m`, `90s`, `1h`, `14d`. */
export function parseShortDuration(text: string): Duration | undefined {
  const match = /^\s*(\d+)\s*(ms|s|m|h|d|w)\s*$/.exec(text);
  if (!match) return undefined;
  return { value: Number(match[1]), unit: match[2] as Duration['unit'] };
}

/** .NET TimeSpan `[d.]hh:mm[:ss]`, which the Sentinel validator also accepts. */
function parseTimeSpan(text: string): Duration | undefined {
  const match = /^\s*(?:(\d+)\.)?(\d{1,2}):(\d{2})(?::(\d{2}))?\s*$/.exec(text);
  if (!match) return undefined;
  const total =
    Number(match[1] ?? 0) * 86400 + Number(match[2]) * 3600 + Number(match[3]) * 60 + Number(match[4] ?? 0);
  return fromSeconds(total);
}

/** ISO-8601 durations as ARM writes them: `PT5M`, `PT1H`, `P1D`, `P1DT12H`. */
export function parseIsoDuration(text: string): Duration | undefined {
  const match = /^\s*P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?\s*$/i.exec(text);
  if (!match || text.trim().toUpperCase() === 'P' || /T$/i.test(text.trim())) return undefined;
  const total =
    Number(match[1] ?? 0) * 86400 +
    Number(match[2] ?? 0) * 3600 +
    Number(match[3] ?? 0) * 60 +
    Number(match[4] ?? 0);
  return fromSeconds(total);
}

export function parseSentinelDuration(text: string): Duration | undefined {
  return parseShortDuration(text) ?? parseTimeSpan(text) ?? parseIsoDuration(text);
}

/** Elastic `from`: `now-9m`; other date math (absolute dates, rounding) is not a look-back. */
export function parseElasticFrom(text: string): Duration | undefined {
  const match = /^now-(\d+)([smhd])$/.exec(text.trim());
  return match ? { value: Number(match[1]), unit: match[2] as Duration['unit'] } : undefined;
}

/** The largest whole unit among d, h, m, s. */
export function fromSeconds(total: number): Duration {
  for (const unit of ['d', 'h', 'm'] as const) {
    const size = durationSeconds({ value: 1, unit });
    if (total > 0 && total % size === 0) return { value: total / size, unit };
  }
  return { value: total, unit: 's' };
}

/** `5m`-style text, converting units the target lacks (weeks, ms) to ones it has. */
export function shortDuration(d: Duration): string {
  if (d.unit === 's' || d.unit === 'm' || d.unit === 'h' || d.unit === 'd') return `${d.value}${d.unit}`;
  const whole = fromSeconds(Math.round(seconds(d)));
  return `${whole.value}${whole.unit}`;
}

export function isoDuration(d: Duration): string {
  let rest = Math.round(seconds(d));
  const days = Math.floor(rest / 86400);
  rest -= days * 86400;
  const hours = Math.floor(rest / 3600);
  rest -= hours * 3600;
  const minutes = Math.floor(rest / 60);
  const secs = rest - minutes * 60;
  const time = `${hours ? hours + 'H' : ''}${minutes ? minutes + 'M' : ''}${secs ? secs + 'S' : ''}`;
  if (days === 0 && time === '') return 'PT0S';
  return `P${days ? days + 'D' : ''}${time ? 'T' + time : ''}`;
}

export function sameDuration(a: Duration | undefined, b: Duration | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return seconds(a) === seconds(b);
}
