import type { CategoryModel } from '../types.js';

/** Model fields that hold a Windows account's name without its domain. */
const NAME_ONLY = new Set([
  'user.name',
  'AccountName',
  'InitiatingProcessAccountName',
  'SubjectUserName',
  'TargetUserName',
]);

/**
 * Sysmon writes a Windows account as `DOMAIN\user` (`NT AUTHORITY\SYSTEM`); ECS's `user.name`, Defender's
 * `AccountName` and the Security log's `SubjectUserName` hold the name alone. A rule that tests the domain part
 * (SigmaHQ's `User|contains: AUTHORI`) finds nothing there, so every Windows entry that maps `User` to such a
 * field says so where the field is tested.
 */
export function withUserNameNote(entry: CategoryModel): CategoryModel {
  const field = entry.fields.User;
  if (entry.logsource.product !== 'windows' || field === undefined || !NAME_ONLY.has(field)) return entry;
  return {
    ...entry,
    fieldNotes: {
      ...entry.fieldNotes,
      User: {
        fidelity: 'narrower',
        message: `${field} holds the account name without its domain (Sysmon writes DOMAIN\\user): a value that tests the domain finds nothing`,
      },
    },
  };
}

export function withUserNameNotes(entries: CategoryModel[]): CategoryModel[] {
  return entries.map(withUserNameNote);
}

/**
 * Sigma's Azure audit-log rules test `properties.message`, which no audit log has: most put the activity's
 * display name there (read as that), one a modified property's JSON (which then finds nothing).
 */
export const AZURE_AUDIT_MESSAGE: NonNullable<CategoryModel['fieldNotes']> = {
  'properties.message': {
    fidelity: 'narrower',
    message:
      "no field of the audit log is called so; SigmaHQ's rules put the activity's display name there, and it is read as that: a rule that puts other text there (a modified property's JSON) finds nothing",
  },
};
