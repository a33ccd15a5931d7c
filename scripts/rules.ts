/**
 * `npm run rules`: regenerates the derived files under rules/ (queries and translations of the DCOM rules).
 * `npm run dcom`: the same conversions, written to out/dcom/ instead, for a look at what rulestone does.
 */
import { resolve, relative } from 'node:path';
import { generateRules } from './rules-plan.js';
import { walkFiles } from '../test/support/files.js';

const rulesDir = resolve('rules');
const outRoot = resolve(process.argv[2] ?? 'rules');
const status = generateRules(rulesDir, outRoot, (line) => console.error(line));
if (outRoot !== rulesDir) {
  console.error(`\nwritten under ${relative(process.cwd(), outRoot)}/:`);
  for (const file of walkFiles(outRoot, /\.(yml|yaml|eql|kql|toml|ndjson|json)$/))
    console.error(`  ${relative(outRoot, file)}`);
}
process.exitCode = status;
