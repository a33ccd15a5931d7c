/**
 * `npm run rates`: how much of each corpus converts to each other dialect today, and the most common reasons
 * for the rest. Reads ../shared (the team's corpora); writes docs/conversion-rates.md.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { dialectModule } from '../src/dialects/registry.js';
import { readBatch, type InputText } from '../src/pipeline/batch.js';
import { renderRule } from '../src/pipeline/convert.js';
import { detectDialect } from '../src/cli/inputs.js';
import { walkFiles } from '../test/support/files.js';

const shared = process.env.RULESTONE_SHARED ?? resolve('..', 'shared');
if (!existsSync(resolve(shared, 'corpus'))) {
  console.error(`rates: ${shared}/corpus is absent`);
  process.exit(0);
}

const corpora: [string, string, RegExp][] = [
  ['SigmaHQ (Sigma)', 'corpus/sigma', /\.ya?ml$/],
  ['Elastic detection-rules (TOML)', 'corpus/elastic/toml', /\.toml$/],
  ['Sentinel analytic rules (YAML)', 'corpus/sentinel/yaml', /\.ya?ml$/],
];
const targets = ['sigma', 'eql', 'kql'];
const lines: string[] = [
  '# Conversion rates',
  '',
  `Written by \`npm run rates\` on ${new Date().toISOString().slice(0, 10)} over the public corpora. A rule counts as converted`,
  'when it is written as a query of the target without errors (default data-model profile, fields mapped, nothing',
  'kept unmapped). The reasons are the first error of each rule that did not convert, by code.',
  '',
  "The issue's targets are set per class: Elastic's EQL rules (its KQL-syntax `kuery`, ES|QL and machine-learning",
  "rules are carried as opaque queries, not translated), and Sentinel's filter rules (queries that lower to the",
  'IR; the rest use joins, unions, summaries or functions that are carried opaquely). "Of the class" counts those.',
  'The `--unmapped keep` column counts the rules that convert when fields without a mapping are written as they are',
  '(with a warning: the query may match nothing on the target); the targets count only fully mapped rules.',
  "The \"without the extension\" column counts the converted rules that need nothing beyond Sigma's own taxonomy:",
  "no field or log source of rulestone's extension of it (ECS names for what the taxonomy lacks, Linux/macOS file and",
  'process-end log sources, Sentinel tables as `product: sentinel`; docs/datamodels.md).',
  '',
];

/** Notes that say a conversion used rulestone's extension of the hub. */
const EXTENSION_CODES = new Set(['mapping/hub-extension', 'mapping/sentinel-table']);

for (const [name, dir, pattern] of corpora) {
  const files = walkFiles(resolve(shared, dir), pattern);
  const inputs: InputText[] = [];
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const detected = detectDialect(file, text);
    if (detected.dialect) inputs.push({ text, file, dialect: detected.dialect });
  }
  const outcomes = readBatch(inputs);
  const read = outcomes.filter((o) => o.rule && o.ok);
  const inClass = read.filter((o) => o.rule!.query.kind !== 'opaque');
  lines.push(
    `## ${name}`,
    '',
    `${files.length} files, ${outcomes.length} rules, ${read.length} read, ${inClass.length} in the translatable class.`,
    '',
  );
  lines.push(
    '| to | converted | share of rules read | of the class | of the class, without the extension | of the class, --unmapped keep | top reasons for the rest |',
    '| --- | ---: | ---: | ---: | ---: | ---: | --- |',
  );
  for (const target of targets) {
    const module = dialectModule(target);
    if (!module) continue;
    let ok = 0;
    let okInClass = 0;
    let keptInClass = 0;
    let plainInClass = 0;
    const reasons = new Map<string, number>();
    for (const o of read) {
      const printed = renderRule(o.rule!, module, {}, {});
      if (o.rule!.query.kind !== 'opaque') {
        const kept =
          printed.text !== undefined ? printed : renderRule(o.rule!, module, {}, { unmapped: 'keep' });
        if (kept.text !== undefined) keptInClass++;
      }
      if (printed.text !== undefined) {
        ok++;
        if (o.rule!.query.kind !== 'opaque') {
          okInClass++;
          if (!printed.diagnostics.some((d) => EXTENSION_CODES.has(d.code))) plainInClass++;
        }
      } else {
        const error = printed.diagnostics.find((d) => d.severity === 'error');
        const key = error?.code ?? 'unknown';
        reasons.set(key, (reasons.get(key) ?? 0) + 1);
      }
    }
    const top = [...reasons.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 5)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ');
    const share = (n: number, of: number) => `${((100 * n) / Math.max(of, 1)).toFixed(1)}%`;
    lines.push(
      `| ${target} | ${ok} | ${share(ok, read.length)} | ${share(okInClass, inClass.length)} | ${share(plainInClass, inClass.length)} | ${share(keptInClass, inClass.length)} | ${top} |`,
    );
    console.error(`${name} → ${target}: ${ok}/${read.length}`);
  }
  lines.push('');
}
writeFileSync('docs/conversion-rates.md', lines.join('\n'));
