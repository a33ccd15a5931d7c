/**
 * Severity across formats. The IR uses Sigma's five levels; Elastic has four plus a 0–100 risk score whose
 * bands (detection-rules TestRiskScoreMismatch) are low 0–21, medium 22–47, high 48–73, critical 74–100, and
 * whose defaults are Kibana's 21/47/73/99; Sentinel has Informational/Low/Medium/High and no Critical.
 */
import type { Severity } from '../ir/types.js';

export type ElasticSeverity = 'low' | 'medium' | 'high' | 'critical';
export type SentinelSeverity = 'Informational' | 'Low' | 'Medium' | 'High';

const DEFAULT_RISK: Record<ElasticSeverity, number> = { low: 21, medium: 47, high: 73, critical: 99 };
const RISK_BANDS: Record<ElasticSeverity, [number, number]> = {
  low: [0, 21],
  medium: [22, 47],
  high: [48, 73],
  critical: [74, 100],
};

export function elasticSeverity(severity: Severity): ElasticSeverity {
  return severity === 'informational' ? 'low' : severity;
}

export function riskScoreFits(severity: ElasticSeverity, score: number): boolean {
  const [low, high] = RISK_BANDS[severity];
  return Number.isInteger(score) && score >= low && score <= high;
}

/** The risk score to write: the rule's own when it falls in the severity's band, else Kibana's default. */
export function elasticRiskScore(severity: Severity, riskScore: number | undefined): number {
  const target = elasticSeverity(severity);
  return riskScore !== undefined && riskScoreFits(target, riskScore) ? riskScore : DEFAULT_RISK[target];
}

export function severityFromElastic(value: unknown): Severity | undefined {
  return value === 'low' || value === 'medium' || value === 'high' || value === 'critical'
    ? value
    : undefined;
}

/** The Elastic severity band a risk score falls in. */
export function severityOfRiskScore(score: number): ElasticSeverity {
  return score <= 21 ? 'low' : score <= 47 ? 'medium' : score <= 73 ? 'high' : 'critical';
}

export function sentinelSeverity(severity: Severity): SentinelSeverity {
  switch (severity) {
    case 'informational':
      return 'Informational';
    case 'low':
      return 'Low';
    case 'medium':
      return 'Medium';
    default:
      return 'High';
  }
}

export function severityFromSentinel(value: unknown): Severity | undefined {
  if (typeof value !== 'string') return undefined;
  const lower = value.toLowerCase();
  return ['informational', 'low', 'medium', 'high'].includes(lower) ? (lower as Severity) : undefined;
}
