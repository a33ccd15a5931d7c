export interface BenchRow {
  name: string;
  rules: number;
  /** Seconds for one pass over all rules (the fastest of the timed rounds). */
  seconds: number;
  rulesPerSecond: number;
  extra?: Record<string, number | string>;
}

/**
 * Times `pass` (one pass over `rules` rules): two warm-up passes, then rounds until about two seconds have
 * gone by (at least five), keeping the fastest round, which is the least disturbed by the rest of the machine.
 */
export function measure(name: string, rules: number, pass: () => void): BenchRow {
  pass();
  pass();
  const rounds: number[] = [];
  const started = performance.now();
  while (rounds.length < 5 || (performance.now() - started < 2000 && rounds.length < 50)) {
    const t0 = performance.now();
    pass();
    rounds.push((performance.now() - t0) / 1000);
  }
  const seconds = Math.min(...rounds);
  return { name, rules, seconds, rulesPerSecond: Math.round(rules / seconds) };
}
