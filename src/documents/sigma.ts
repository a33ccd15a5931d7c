/**
 * Sigma tags for a rule that comes from another platform: ATT&CK as `attack.<tactic>` / `attack.t1234.001`
 * tags (Sigma keeps ATT&CK only in tags), then those of the rule's own tags that have Sigma's
 * `namespace.value` shape. Elastic tags such as `Domain: Endpoint` have no Sigma form and are left out.
 */
import type { RuleMeta } from '../ir/types.js';
import { parseShortDuration, shortDuration } from './duration.js';
import { asRecord, asString, unique } from './fields.js';

const SIGMA_TAG = /^[a-z0-9_-]+\.[a-z0-9._-]+$/;

export function sigmaTags(meta: RuleMeta): string[] {
  const attack = [
    ...meta.attack.tactics.map((t) => `attack.${t}`),
    ...meta.attack.techniques.map((t) => `attack.${t.toLowerCase()}`),
  ];
  const own = meta.tags.filter((t) => SIGMA_TAG.test(t) && !t.startsWith('attack.'));
  return unique([...attack, ...own]);
}

/**
 * Sigma has no schedule and no investigation guide; they travel in a custom field `rulestone` (Sigma allows
 * custom fields), so Elastic → Sigma → Elastic keeps them. The reader takes the field back into RuleMeta.
 */
export const SIGMA_SIDE_FIELD = 'rulestone';

interface SigmaSide {
  schedule?: { interval?: string; lookback?: string };
  note?: string;
}

function sigmaExtension(meta: RuleMeta): Record<string, unknown> {
  return { ...(meta.extensions.sigma ?? {}) };
}

export function withSigmaSideField(meta: RuleMeta): RuleMeta {
  const side: SigmaSide = {};
  if (meta.schedule?.interval || meta.schedule?.lookback) {
    side.schedule = {
      ...(meta.schedule.interval ? { interval: shortDuration(meta.schedule.interval) } : {}),
      ...(meta.schedule.lookback ? { lookback: shortDuration(meta.schedule.lookback) } : {}),
    };
  }
  if (meta.note !== undefined) side.note = meta.note;
  const ext = sigmaExtension(meta);
  const custom = { ...((ext.custom as Record<string, unknown> | undefined) ?? {}) };
  delete custom[SIGMA_SIDE_FIELD];
  if (Object.keys(side).length > 0) custom[SIGMA_SIDE_FIELD] = side;
  if (Object.keys(custom).length > 0) ext.custom = custom;
  else delete ext.custom;
  const extensions = { ...meta.extensions };
  if (Object.keys(ext).length > 0) extensions.sigma = ext;
  else delete extensions.sigma;
  return { ...meta, extensions };
}

export function fromSigmaSideField(meta: RuleMeta): RuleMeta {
  const ext = sigmaExtension(meta);
  const custom = { ...((ext.custom as Record<string, unknown> | undefined) ?? {}) };
  const side = asRecord(custom[SIGMA_SIDE_FIELD]);
  if (!side) return meta;
  const out: RuleMeta = { ...meta };
  const schedule = asRecord(side.schedule);
  const interval = asString(schedule?.interval);
  const lookback = asString(schedule?.lookback);
  const i = interval !== undefined ? parseShortDuration(interval) : undefined;
  const l = lookback !== undefined ? parseShortDuration(lookback) : undefined;
  if (i || l) out.schedule = { ...(i ? { interval: i } : {}), ...(l ? { lookback: l } : {}) };
  const note = asString(side.note);
  if (note !== undefined) out.note = note;
  delete custom[SIGMA_SIDE_FIELD];
  if (Object.keys(custom).length > 0) ext.custom = custom;
  else delete ext.custom;
  out.extensions = { ...meta.extensions };
  if (Object.keys(ext).length > 0) out.extensions.sigma = ext;
  else delete out.extensions.sigma;
  return out;
}
