/** `npm run rules`: regenerates the derived files under rules/ (queries and translations of the DCOM rules). */
import { resolve } from 'node:path';
import { generateRules } from './rules-plan.js';

const rulesDir = resolve('rules');
process.exitCode = generateRules(rulesDir, rulesDir, (line) => console.error(line));
