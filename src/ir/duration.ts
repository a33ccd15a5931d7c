import type { Duration } from './types.js';

/**
 * Seconds in each unit a Duration may have. Calendar months and years have no fixed length: the average
 * Gregorian lengths are used (30.436875 and 365.2425 days), so every stage that converts agrees.
 */
const SECONDS: Record<Duration['unit'], number> = {
  ms: 0.001,
  s: 1,
  m: 60,
  h: 3600,
  d: 86_400,
  w: 604_800,
  M: 30.436875 * 86_400,
  y: 365.2425 * 86_400,
};

export function durationSeconds(d: Duration): number {
  return d.value * SECONDS[d.unit];
}
