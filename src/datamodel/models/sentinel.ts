import type { CategoryModel, DataModel } from '../types.js';
import { withUserNameNotes } from './notes.js';
import { withHubExtension } from './hub-extension.js';
import {
  ACTOR_KEYS,
  DEFENDER_HASHES,
  EVENT_TABLE_CATEGORIES,
  PROCESS_ROW_KEYS,
  SENTINEL_WINDOWS_CATEGORIES,
} from './sentinel-windows.js';
import { SENTINEL_UNIX_CATEGORIES } from './sentinel-unix.js';
import { SENTINEL_CLOUD_CATEGORIES } from './sentinel-cloud.js';
import { ASIM_WRITTEN_CATEGORIES } from './asim.js';
import { SENTINEL_VENDOR_CATEGORIES } from './sentinel-vendors.js';
import { SENTINEL_CONTAINER_CATEGORIES } from './sentinel-containers.js';
import {
  SECURITY_EVENT_EXTRACTED_NUMBERS,
  SECURITY_EVENT_NUMBER_COLUMNS,
  SECURITY_EVENT_TEXT_COLUMNS,
} from './securityevent-columns.js';

/**
 * Microsoft Sentinel tables, one model per way of collecting Windows events (a "profile" for `--to kql`).
 * Column names are those of the Log Analytics table reference (checked against the table declarations the
 * KQL tests use).
 */

/** Columns of Defender's device tables for the hub's extension fields (ECS names), where one means the same. */
const INITIATING_EXTENSION: Record<string, string> = {
  'user.id': 'InitiatingProcessAccountSid',
  'user.domain': 'InitiatingProcessAccountDomain',
  'process.parent.pid': 'InitiatingProcessParentId',
};
const DEFENDER_EXTENSION: Record<string, Record<string, string>> = {
  // A process row's account is the new process's own.
  DeviceProcessEvents: { 'user.id': 'AccountSid', 'user.domain': 'AccountDomain' },
  DeviceFileEvents: {
    ...INITIATING_EXTENSION,
    'file.size': 'FileSize',
    'file.Ext.original.name': 'PreviousFileName',
  },
  DeviceRegistryEvents: INITIATING_EXTENSION,
  DeviceNetworkEvents: INITIATING_EXTENSION,
  DeviceImageLoadEvents: INITIATING_EXTENSION,
  DeviceEvents: INITIATING_EXTENSION,
};

/**
 * Extension fields whose Defender column is a Windows notion: ECS's `user.id` is a SID on Windows but a numeric
 * user id on Linux and macOS, where Defender has no column for it (AccountSid holds SIDs), and `user.domain` a
 * Windows domain.
 */
const WINDOWS_ONLY_EXTENSION = new Set(['user.id', 'user.domain']);

/**
 * An entry on a Defender table with the columns of the hub's extension fields. Defender's columns for the acting
 * process's parent (InitiatingProcessParentId), a file's size (FileSize) and a renamed file's former name
 * (PreviousFileName) are described alike for every platform its sensor runs on, so Linux and macOS entries get
 * them too; the account columns only Windows entries.
 */
function withDefenderExtension(entry: CategoryModel): CategoryModel {
  const columns = entry.source.table ? DEFENDER_EXTENSION[entry.source.table] : undefined;
  const product = entry.logsource.product;
  if (!columns || (product !== 'windows' && product !== 'linux' && product !== 'macos')) return entry;
  return withHubExtension(entry, (field) =>
    product !== 'windows' && WINDOWS_ONLY_EXTENSION.has(field) ? undefined : columns[field],
  );
}

/** Defender's process ids, unique per device: the hub's process GUIDs are unique across devices. */
const DEVICE_SCOPED_IDS = ['ProcessUniqueId', 'InitiatingProcessUniqueId'];

/** An entry on a Defender table whose process-id columns join within a device. */
function withDeviceScopedIds(entry: CategoryModel): CategoryModel {
  const ids = Object.values(entry.fields).filter((f) => DEVICE_SCOPED_IDS.includes(f));
  if (!entry.source.table?.startsWith('Device') || ids.length === 0) return entry;
  return { ...entry, keyScopes: Object.fromEntries(ids.map((id) => [id, ['DeviceId', 'DeviceName']])) };
}

const INITIATING_PROCESS: Record<string, string> = {
  Image: 'InitiatingProcessFolderPath',
  ProcessId: 'InitiatingProcessId',
  ProcessGuid: 'InitiatingProcessUniqueId',
  CommandLine: 'InitiatingProcessCommandLine',
  IntegrityLevel: 'InitiatingProcessIntegrityLevel',
  User: 'InitiatingProcessAccountName',
  Computer: 'DeviceName',
};

/** Defender XDR (Microsoft Defender for Endpoint) advanced-hunting tables. */
export const SENTINEL_MDE_MODEL: DataModel = {
  id: 'sentinel-mde',
  family: 'sentinel',
  title: 'Microsoft Sentinel / Defender XDR device tables',
  dialect: 'kql',
  categories: withUserNameNotes([
    {
      logsource: { category: 'process_creation', product: 'windows' },
      // Every row of DeviceProcessEvents is a process creation.
      source: { table: 'DeviceProcessEvents', where: [] },
      fields: {
        Image: 'FolderPath',
        CommandLine: 'ProcessCommandLine',
        ParentImage: 'InitiatingProcessFolderPath',
        ParentCommandLine: 'InitiatingProcessCommandLine',
        ProcessId: 'ProcessId',
        // Defender's per-device process identifiers, which join a process's events as Sysmon's GUIDs do.
        ProcessGuid: 'ProcessUniqueId',
        ParentProcessGuid: 'InitiatingProcessUniqueId',
        ParentProcessId: 'InitiatingProcessId',
        OriginalFileName: 'ProcessVersionInfoOriginalFileName',
        Description: 'ProcessVersionInfoFileDescription',
        Product: 'ProcessVersionInfoProductName',
        Company: 'ProcessVersionInfoCompanyName',
        IntegrityLevel: 'ProcessIntegrityLevel',
        md5: 'MD5',
        sha1: 'SHA1',
        sha256: 'SHA256',
        User: 'AccountName',
        LogonId: 'LogonId',
        Computer: 'DeviceName',
      },
      keyed: { Hashes: DEFENDER_HASHES },
      // A query joined by process id and creation time (how Defender's non-Windows rows name a process) reads
      // as joined by the process.
      keyParts: PROCESS_ROW_KEYS,
      basenames: [
        { field: 'FileName', of: 'Image', separator: '\\' },
        { field: 'InitiatingProcessFileName', of: 'ParentImage', separator: '\\' },
      ],
    },
    {
      // Sysmon 11 (FileCreate). Defender's FolderPath holds the file's full path, as in DeviceProcessEvents.
      logsource: { category: 'file_event', product: 'windows' },
      source: {
        table: 'DeviceFileEvents',
        where: [{ field: 'ActionType', values: ['FileCreated'], cased: true }],
      },
      fields: { ...INITIATING_PROCESS, TargetFilename: 'FolderPath' },
      keyParts: ACTOR_KEYS,
      basenames: [
        { field: 'InitiatingProcessFileName', of: 'Image', separator: '\\' },
        { field: 'FileName', of: 'TargetFilename', separator: '\\' },
      ],
    },
    {
      // Sysmon 7: every row of DeviceImageLoadEvents is a module load.
      logsource: { category: 'image_load', product: 'windows' },
      source: { table: 'DeviceImageLoadEvents', where: [] },
      fields: { ...INITIATING_PROCESS, ImageLoaded: 'FolderPath' },
      keyParts: ACTOR_KEYS,
      basenames: [
        { field: 'InitiatingProcessFileName', of: 'Image', separator: '\\' },
        { field: 'FileName', of: 'ImageLoaded', separator: '\\' },
      ],
    },
  ])
    .map(withDefenderExtension)
    .map(withDeviceScopedIds),
};

/**
 * Any Windows Security log event: SecurityEvent keeps the event's data fields as columns of the same names
 * (TargetUserName, LogonType, …), so Sigma's `windows/security` rules read them directly; the fields that have
 * no column of their own (TaskName, AttributeLDAPDisplayName, TicketEncryptionType …) are extracted from the
 * event's XML, which SecurityEvent keeps in EventData.
 */
const SECURITY_CHANNEL: CategoryModel = {
  logsource: { product: 'windows', service: 'security' },
  source: { table: 'SecurityEvent', where: [] },
  fields: {
    ...Object.fromEntries(
      [...SECURITY_EVENT_TEXT_COLUMNS, ...SECURITY_EVENT_NUMBER_COLUMNS].map((column) => [column, column]),
    ),
    Provider_Name: 'EventSourceName',
  },
  types: Object.fromEntries([
    ...SECURITY_EVENT_TEXT_COLUMNS.map((c) => [c, 'string' as const]),
    ...SECURITY_EVENT_NUMBER_COLUMNS.map((c) => [c, 'number' as const]),
    // Extracted from EventData, so text, though rules write them as numbers.
    ...SECURITY_EVENT_EXTRACTED_NUMBERS.map((c) => [c, 'string' as const]),
  ]),
  extract: { column: 'EventData' },
};

/** Windows Security log (event 4688, with command-line auditing) in the SecurityEvent table. */
export const SENTINEL_SECURITYEVENT_MODEL: DataModel = {
  id: 'sentinel-securityevent',
  family: 'sentinel',
  title: 'Microsoft Sentinel SecurityEvent table (Windows Security log)',
  dialect: 'kql',
  categories: withUserNameNotes([
    {
      logsource: { category: 'process_creation', product: 'windows' },
      source: { table: 'SecurityEvent', where: [{ field: 'EventID', values: [4688], cased: true }] },
      fields: {
        Image: 'NewProcessName',
        ParentImage: 'ParentProcessName',
        CommandLine: 'CommandLine',
        User: 'SubjectUserName',
        Computer: 'Computer',
      },
      basenames: [{ field: 'Process', of: 'Image', separator: '\\' }],
    },
    SECURITY_CHANNEL,
  ]),
};

/**
 * Sysmon events, PowerShell logs and the other Windows event logs collected by the Log Analytics agent into the
 * `Event` table, their fields read from the `EventData` XML (Sysmon's with one `parse`, in the style of the
 * Sentinel DCOM rule).
 */
export const SENTINEL_SYSMON_MODEL: DataModel = {
  id: 'sentinel-sysmon',
  family: 'sentinel',
  title:
    'Microsoft Sentinel Event table with Sysmon and other Windows event logs (fields parsed from EventData)',
  dialect: 'kql',
  categories: EVENT_TABLE_CATEGORIES,
};

/**
 * KQL's default profile: the Defender XDR tables, the SecurityEvent table for the Windows Security log, and the
 * Event table for the Sysmon events Defender does not record and the other Windows event logs (its entries come
 * after Defender's, so a log source both hold is written for Defender; Event-table queries are still read).
 */
export const SENTINEL_DEFAULT_MODEL: DataModel = {
  id: 'sentinel',
  family: 'sentinel',
  title: 'Microsoft Sentinel: Defender XDR device tables, and SecurityEvent for the Security log',
  dialect: 'kql',
  categories: withUserNameNotes([
    ...SENTINEL_MDE_MODEL.categories,
    ...SENTINEL_SECURITYEVENT_MODEL.categories.filter(
      (c) =>
        !SENTINEL_MDE_MODEL.categories.some(
          (m) => JSON.stringify(m.logsource) === JSON.stringify(c.logsource),
        ),
    ),
    ...SENTINEL_WINDOWS_CATEGORIES,
    ...SENTINEL_UNIX_CATEGORIES,
    ...SENTINEL_CLOUD_CATEGORIES,
  ])
    .map(withDefenderExtension)
    .map(withDeviceScopedIds)
    // Last: a rule is written for ASIM's parsers only where no table above has its log source or every field it
    // reads (Linux working directories, web sessions …), which the mapping says.
    .concat(ASIM_WRITTEN_CATEGORIES)
    // After those: Defender for Cloud's container process table, written for only where no entry above names
    // every field a rule reads (a container's id or name): it holds no process outside a container.
    .concat(SENTINEL_CONTAINER_CATEGORIES)
    // After those: solutions' parsers read as Sigma's generic log sources, written for only where no entry above
    // names every field a rule reads (no SigmaHQ rule: they are there to read the solutions' rules).
    .concat(SENTINEL_VENDOR_CATEGORIES),
};
