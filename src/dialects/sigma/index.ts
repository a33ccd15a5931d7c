import type { DialectModule } from '../types.js';
import { parseSigma } from './reader.js';
import { printSigma } from './printer.js';

export { parseSigma } from './reader.js';
export { printSigma } from './printer.js';
export { parseSigmaString, printSigmaString } from './strings.js';
export { parseCondition } from './condition.js';

export const sigmaDialect: DialectModule = {
  dialect: 'sigma',
  extensions: ['.yml', '.yaml'],
  // A Sigma document has a title and one of the three logic sections at the top level.
  sniff: (text) => /^title\s*:/m.test(text) && /^(detection|correlation|filter)\s*:/m.test(text),
  parse: parseSigma,
  print: printSigma,
};
