/**
 * ATT&CK lookups over the shipped offline table (attack-data.ts): tactic names in every spelling the formats
 * use (Sigma tag short names, Elastic display names, Sentinel PascalCase), technique names, retired ids, and
 * the pairing of techniques with tactics that Elastic's `threat[]` needs and Sigma tags do not carry.
 *
 * ATT&CK v19 split Defense Evasion (TA0005) into Stealth (keeps TA0005) and Defense Impairment. The shipped
 * table is v18, so the two v19 tactics are known here by name only; Sentinel's API has neither and gets
 * DefenseEvasion for both.
 */
import { ACTIVE_TECHNIQUES, RETIRED_TECHNIQUES, TACTIC_ROWS, V19_CHANGES } from './attack-data.js';

export interface Tactic {
  /** TA id; absent for Defense Impairment, whose id no local source gives. */
  id?: string;
  name: string;
  /** Sigma tag spelling: `lateral-movement`. */
  shortname: string;
}

export interface Technique {
  id: string;
  /** The ATT&CK name; for a sub-technique its own name (`Distributed Component Object Model`). */
  name?: string;
  /** Tactic short names the technique belongs to. */
  tactics: string[];
  status: 'active' | 'retired' | 'v19' | 'unknown';
  /** For a retired id: the id that replaced it, followed to an active one where possible. */
  replacement?: string;
}

const V19_TACTICS: Tactic[] = [
  { id: 'TA0005', name: 'Stealth', shortname: 'stealth' },
  { name: 'Defense Impairment', shortname: 'defense-impairment' },
];

const TACTICS: Tactic[] = TACTIC_ROWS.map(([id, name, shortname]) => ({ id, name, shortname }));
const byShort = new Map<string, Tactic>([...TACTICS, ...V19_TACTICS].map((t) => [t.shortname, t]));
const byName = new Map<string, Tactic>([...TACTICS, ...V19_TACTICS].map((t) => [t.name.toLowerCase(), t]));

/** All v18 tactics, in kill-chain order. */
export function allTactics(): readonly Tactic[] {
  return TACTICS;
}

/** A tactic from a Sigma tag name in any historical spelling (`lateral_movement`, `Lateral-Movement`). */
export function tacticByShortname(shortname: string): Tactic | undefined {
  return byShort.get(shortname.toLowerCase().replace(/_/g, '-'));
}

/**
 * A tactic from an Elastic `threat[].tactic`: the name decides between Defense Evasion and its v19 successor
 * Stealth, which share TA0005; otherwise the id does.
 */
export function tacticFromElastic(id: string | undefined, name: string | undefined): Tactic | undefined {
  const named = name !== undefined ? byName.get(name.toLowerCase()) : undefined;
  if (named) return named;
  return id !== undefined ? TACTICS.find((t) => t.id === id) : undefined;
}

const pascal = (shortname: string): string =>
  shortname
    .split('-')
    .map((w) => (w === 'and' ? 'And' : w.charAt(0).toUpperCase() + w.slice(1)))
    .join('');

/** Sentinel's tactic enum value; the v19 tactics fall back to DefenseEvasion, the only one Sentinel has. */
export function sentinelTactic(shortname: string): string {
  const tactic = tacticByShortname(shortname);
  if (tactic && (tactic.shortname === 'stealth' || tactic.shortname === 'defense-impairment'))
    return 'DefenseEvasion';
  return pascal(tactic?.shortname ?? shortname);
}

/** A Sentinel tactic (`LateralMovement`, also ICS `ImpairProcessControl`, API `PreAttack`) as a short name. */
export function tacticFromSentinel(value: string): string {
  // Matched without case or separators first: real rules write `CommandandControl` and `Command and Control`.
  const squashed = value.toLowerCase().replace(/[^a-z]/g, '');
  const known = [...byShort.values()].find((t) => t.shortname.replace(/-/g, '') === squashed);
  if (known) return known.shortname;
  return value
    .replace(/([a-z])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .replace(/\s+/g, '-');
}

/** Technique and sub-technique facts, including v19-only ids known from the v18 → v19 map. */
export function technique(id: string): Technique {
  const upper = id.toUpperCase();
  const active = ACTIVE_TECHNIQUES[upper];
  if (active) {
    return {
      id: upper,
      name: active[0],
      tactics: active[1].map((i) => (TACTIC_ROWS[i] as readonly string[])[2] as string),
      status: 'active',
    };
  }
  const retired = RETIRED_TECHNIQUES[upper];
  if (retired) {
    const result: Technique = { id: upper, name: retired[0], tactics: [], status: 'retired' };
    let next = retired[1];
    // Follow chains of revocations (T1073 → T1574.002 → T1574.001) to an active id.
    for (let hops = 0; next && hops < 5; hops++) {
      result.replacement = next;
      const further = RETIRED_TECHNIQUES[next];
      if (!further) break;
      next = further[1];
    }
    if (result.replacement) result.tactics = technique(result.replacement).tactics;
    return result;
  }
  const v19 = Object.values(V19_CHANGES).find(([newId]) => newId === upper);
  if (v19) return { id: upper, name: v19[1], tactics: ['defense-impairment'], status: 'v19' };
  // A v19 sub-technique no local source names (T1686.003) still belongs where its v19 parent does.
  const parent = upper.includes('.') ? technique(upper.split('.')[0] as string) : undefined;
  if (parent?.status === 'v19') return { id: upper, tactics: parent.tactics, status: 'v19' };
  return { id: upper, tactics: [], status: 'unknown' };
}

export function isSubtechnique(id: string): boolean {
  return id.includes('.');
}

export function parentTechnique(id: string): string {
  return id.split('.')[0] as string;
}

export const tacticUrl = (id: string): string => `https://attack.mitre.org/tactics/${id}/`;

export const techniqueUrl = (id: string): string =>
  `https://attack.mitre.org/techniques/${id.replace('.', '/')}/`;

/** The ATT&CK v19 id of a v18 id (itself when v19 did not change it). */
export function v19Id(id: string): string {
  return V19_CHANGES[id.toUpperCase()]?.[0] ?? id.toUpperCase();
}

/** Whether a technique belongs to a tactic, seeing Stealth and Defense Impairment as parts of Defense Evasion. */
export function techniqueInTactic(info: Technique, tacticShortname: string): boolean {
  const short = tacticByShortname(tacticShortname)?.shortname ?? tacticShortname;
  if (info.tactics.includes(short)) return true;
  const evasion = ['defense-evasion', 'stealth', 'defense-impairment'];
  return evasion.includes(short) && info.tactics.some((t) => evasion.includes(t));
}
