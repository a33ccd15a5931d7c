/**
 * The generated modules are what their generators make of the current sources, and the shipped ATT&CK table
 * resolves the ATT&CK ids the corpora use, offline.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseToml } from 'smol-toml';
import { parse as parseYaml } from 'yaml';
import { hasShared, projectRoot, sharedPath } from '../support/shared.js';
import {
  technique,
  tacticFromElastic,
  tacticFromSentinel,
  tacticByShortname,
} from '../../src/documents/attack.js';
import { ATTACK_NOTICE } from '../../src/documents/attack-data.js';
import { BUILTIN_TEMPLATES } from '../../src/documents/builtin-templates.js';
import { generateAttackModule } from './attack-generator.js';
import { generateTemplateModule, TEMPLATE_FILES } from './template-generator.js';
import { listFiles } from './helpers.js';

describe('generated modules', () => {
  it('builtin-templates.ts matches templates/*.hbs', async () => {
    expect(readFileSync(join(projectRoot, 'src', 'documents', 'builtin-templates.ts'), 'utf8')).toBe(
      await generateTemplateModule(projectRoot),
    );
    for (const [format, file] of Object.entries(TEMPLATE_FILES)) {
      expect(BUILTIN_TEMPLATES[format as keyof typeof BUILTIN_TEMPLATES]).toBe(
        readFileSync(join(projectRoot, 'templates', file), 'utf8'),
      );
    }
  });

  it('the ATT&CK table carries MITRE’s notice', () => {
    expect(ATTACK_NOTICE).toContain(
      '(c) The MITRE Corporation. This work is reproduced and distributed with the permission of The MITRE Corporation.',
    );
    expect(readFileSync(join(projectRoot, 'src', 'documents', 'attack-data.ts'), 'utf8')).toContain(
      'MITRE ATT&CK Terms of Use',
    );
  });

  it.skipIf(!hasShared)('attack-data.ts matches /work/shared/attack', async () => {
    expect(readFileSync(join(projectRoot, 'src', 'documents', 'attack-data.ts'), 'utf8')).toBe(
      await generateAttackModule(sharedPath('attack')),
    );
  });
});

describe.skipIf(!hasShared)('ATT&CK ids of the corpora resolve offline', () => {
  it('detection-rules threat[]: every tactic, technique and sub-technique, with the names the rules give', () => {
    const unresolved: string[] = [];
    const renamed = new Set<string>();
    let count = 0;
    for (const path of listFiles(sharedPath('corpus', 'elastic', 'toml'), /\.toml$/)) {
      const rule = (parseToml(readFileSync(path, 'utf8')) as { rule: { threat?: Record<string, any>[] } })
        .rule;
      for (const t of rule.threat ?? []) {
        if (t.framework !== 'MITRE ATT&CK') continue;
        if (!tacticFromElastic(t.tactic?.id, t.tactic?.name)) unresolved.push(`tactic ${t.tactic?.id}`);
        for (const tech of [
          ...(t.technique ?? []),
          ...(t.technique ?? []).flatMap((x: any) => x.subtechnique ?? []),
        ]) {
          count++;
          const info = technique(tech.id);
          if (info.status === 'unknown') unresolved.push(tech.id);
          else if (info.name !== tech.name) renamed.add(`${tech.id}: "${tech.name}" (table: "${info.name}")`);
        }
      }
    }
    console.log(
      `[documents] detection-rules ATT&CK references: ${count}, unresolved ${unresolved.length}, names differing: ${[...renamed].join('; ')}`,
    );
    expect(unresolved).toEqual([]);
    // The only names that differ are the rules' own stale ones (T1218's pre-v11 name), as SOURCE.txt measured.
    expect([...renamed].every((r) => r.startsWith('T1218:'))).toBe(true);
  });

  it('Sentinel tactics and relevantTechniques (ICS ids T08xx aside)', () => {
    const unresolved = new Set<string>();
    let count = 0;
    for (const path of listFiles(sharedPath('corpus', 'sentinel', 'yaml'), /\.ya?ml$/)) {
      const doc = parseYaml(readFileSync(path, 'utf8'), { uniqueKeys: false }) as {
        tactics?: unknown;
        relevantTechniques?: unknown;
      } | null;
      for (const tactic of Array.isArray(doc?.tactics) ? doc.tactics : []) {
        const short = tacticFromSentinel(String(tactic));
        if (
          !tacticByShortname(short) &&
          !['impair-process-control', 'inhibit-response-function', 'pre-attack'].includes(short)
        )
          unresolved.add(String(tactic));
      }
      for (const id of Array.isArray(doc?.relevantTechniques) ? doc.relevantTechniques : []) {
        count++;
        const text = String(id).trim();
        if (/^T08\d\d/.test(text)) continue;
        if (technique(text).status === 'unknown') unresolved.add(text);
      }
    }
    console.log(
      `[documents] Sentinel technique references: ${count}, unresolved: ${[...unresolved].join(', ') || 'none'}`,
    );
    expect([...unresolved]).toEqual([]);
  });
});
