import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root, whatever the working directory of the test run. */
export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * The team's shared folder (corpora, schemas, the DCOM originals) sits beside the checkout in CI and on
 * developer machines, but not on a user's machine: tests that need it skip with a message when it is absent.
 */
export const sharedDir = process.env.RULESTONE_SHARED ?? resolve(projectRoot, '..', 'shared');

export const hasShared = existsSync(join(sharedDir, 'corpus'));

export function sharedPath(...parts: string[]): string {
  return join(sharedDir, ...parts);
}

if (!hasShared) {
  console.warn(
    `[rulestone tests] ${sharedDir} is absent: corpus, schema and DCOM-original tests are skipped.`,
  );
}
