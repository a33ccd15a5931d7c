/**
 * `npm run agreement`: for every rule of the public corpora that events can be generated for (a match and
 * one near miss per condition), converts it to each other dialect and checks that the translation selects
 * the same events as the source — or a superset/subset exactly where the conversion said broader/narrower.
 * Writes docs/agreement.md. Reads ../shared (the team's corpora).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { dialectModule } from '../src/dialects/registry.js';
import { readBatch, type InputText } from '../src/pipeline/batch.js';
import { verifyRule } from '../src/pipeline/verify.js';
import { detectDialect } from '../src/cli/inputs.js';
import { EngineError, evaluate, generateEvents } from '../src/engine/index.js';
import type { Rule } from '../src/ir/types.js';
import { walkFiles } from '../test/support/files.js';

const shared = process.env.RULESTONE_SHARED ?? resolve('..', 'shared');
if (!existsSync(resolve(shared, 'corpus'))) {
  console.error(`agreement: ${shared}/corpus is absent`);
  process.exit(0);
}

const corpora: [string, string, RegExp][] = [
  ['SigmaHQ (Sigma)', 'corpus/sigma', /\.ya?ml$/],
  ['Elastic detection-rules (EQL)', 'corpus/elastic/toml', /\.toml$/],
  ['Sentinel analytic rules (KQL)', 'corpus/sentinel/yaml', /\.ya?ml$/],
];

/** Generated events of a single-event rule, when the first really matches. */
function eventsFor(rule: Rule): unknown[] | undefined {
  if (rule.query.kind !== 'search') return undefined;
  const generated = generateEvents(rule.query.filter);
  if (!generated.match) return undefined;
  const events = [generated.match, ...generated.nearMisses];
  try {
    return evaluate(rule, events).matches.some((m) => m.index === 0) ? events : undefined;
  } catch (error) {
    if (error instanceof EngineError) return undefined;
    throw error;
  }
}

const lines = [
  '# Agreement of translations on generated events',
  '',
  `Written by \`npm run agreement\` on ${new Date().toISOString().slice(0, 10)}. For each single-event rule of the corpora that`,
  'events can be generated for (one event that matches and one near miss per condition, each flipping one',
  'predicate), the rule is converted, its translation read back, and both run over the same events, mapped',
  "into the target's data model through the hub. A translation **agrees** when it selects the same events,",
  'or a superset (subset) where the conversion reported it broader (narrower). *Checked* counts the rules',
  'that converted; the rest did not convert (see docs/conversion-rates.md).',
  '',
  '| from | to | rules with events | checked | agree | disagree | exact | broader | narrower |',
  '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
];
const problems: string[] = [];

for (const [name, dir, pattern] of corpora) {
  const inputs: InputText[] = [];
  for (const file of walkFiles(resolve(shared, dir), pattern)) {
    const text = readFileSync(file, 'utf8');
    const detected = detectDialect(file, text);
    if (detected.dialect) inputs.push({ text, file, dialect: detected.dialect });
  }
  const cases = readBatch(inputs)
    .flatMap((o) => (o.rule && o.ok ? [o.rule] : []))
    .flatMap((rule) => {
      const events = eventsFor(rule);
      return events ? [{ rule, events }] : [];
    });
  const from = cases[0]?.rule.provenance.dialect ?? '?';
  for (const target of ['sigma', 'eql', 'kql'].filter((t) => t !== from)) {
    const module = dialectModule(target)!;
    const count = { checked: 0, agree: 0, exact: 0, broader: 0, narrower: 0 };
    for (const { rule, events } of cases) {
      const v = verifyRule(rule, module, events);
      if (!v.comparison) continue;
      count.checked++;
      if (v.expected === 'exact' || v.expected === 'broader' || v.expected === 'narrower')
        count[v.expected]++;
      if (v.ok) count.agree++;
      else
        problems.push(
          `${from} → ${target}: ${rule.provenance.file}: claimed ${v.expected}, measured ${v.comparison.relation}`,
        );
    }
    lines.push(
      `| ${name} | ${target} | ${cases.length} | ${count.checked} | ${count.agree} | ${count.checked - count.agree} | ${count.exact} | ${count.broader} | ${count.narrower} |`,
    );
    console.error(`${name} → ${target}: ${count.agree}/${count.checked} agree`);
  }
}
lines.push('', problems.length ? '## Disagreements' : 'No translation disagrees with its claim.', '');
for (const p of problems.slice(0, 50)) lines.push(`- ${p.replace(shared + '/', '')}`);
writeFileSync('docs/agreement.md', lines.join('\n') + '\n');
if (problems.length) process.exitCode = 1;
