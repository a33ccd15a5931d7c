import type { CategoryModel, DataModel, SelectorCondition } from '../types.js';
import { ECS_WINDOWS_CATEGORIES } from './ecs-windows.js';
import { ECS_LINUX_AUTHENTICATION, ECS_UNIX_CATEGORIES } from './ecs-unix.js';
import { ECS_CLOUD_CATEGORIES } from './ecs-cloud.js';
import { ECS_SENTINEL_TABLE_CATEGORIES } from './ecs-sentinel-tables.js';
import { withUserNameNotes } from './notes.js';
import { ECS_CONNECTION_DIRECTION, ECS_NETWORK_ENDPOINTS } from './shared-fields.js';
import { withHubExtension } from './hub-extension.js';

/**
 * Elastic Common Schema as Elastic Defend and the Windows/Sysmon integrations write it, for the kinds of
 * Windows events Sigma rules read most. Field names follow Elastic's own detection rules; fields without an
 * ECS home live under `winlog.event_data.*`, as the integrations put them.
 */
const WINDOWS: SelectorCondition = { field: 'host.os.type', values: ['windows'], cased: true };
const START: SelectorCondition = { field: 'event.type', values: ['start'], cased: true };

/**
 * How process-start events are also told apart: Elastic Defend (`exec`, `start`), its older Linux events
 * (`exec_event`), auditd (`executed`), and the third-party sources Elastic's own rules include
 * (CrowdStrike `ProcessRollup2`, SentinelOne `process_started`).
 */
const PROCESS_STARTED: SelectorCondition[] = [
  {
    field: 'event.action',
    values: ['exec', 'exec_event', 'start', 'ProcessRollup2', 'executed', 'process_started'],
    cased: true,
    insteadOf: 'event.type',
  },
  { field: 'event.type', values: ['start', 'process_started'], cased: true },
];

/**
 * The integrations whose data streams hold Windows process starts, as Elastic's Windows rules list them (their
 * index patterns): Elastic Defend first, whose field names this model follows; then Sysmon (`windows.sysmon` the
 * name Elastic's rules also test), forwarded events, the Security log's 4688, CrowdStrike FDR and Defender XDR.
 * Recognised at a query's top level as naming the same events; a test of them further in is settled as Defend's
 * events answer it (see settleProducerTests in map.ts).
 */
const WINDOWS_PROCESS_PRODUCERS: SelectorCondition = {
  field: 'data_stream.dataset',
  values: [
    'endpoint.events.process',
    'windows.sysmon_operational',
    'windows.sysmon',
    'windows.forwarded',
    'system.security',
    'crowdstrike.fdr',
    'm365_defender.event',
  ],
  cased: true,
};

/** Each argument of a command line, and the parent's. */
const ARGUMENTS = [
  { field: 'process.args', of: 'CommandLine' },
  { field: 'process.parent.args', of: 'ParentCommandLine' },
];

const PROCESS_COMMON: Record<string, string> = {
  Image: 'process.executable',
  ProcessId: 'process.pid',
  ProcessGuid: 'process.entity_id',
  User: 'user.name',
  Computer: 'host.name',
};

const hashes = (of: string): Record<string, string> => ({
  MD5: `${of}.hash.md5`,
  SHA1: `${of}.hash.sha1`,
  SHA256: `${of}.hash.sha256`,
  IMPHASH: `${of}.pe.imphash`,
});

const eventData = (names: string[]): Record<string, string> =>
  Object.fromEntries(names.map((n) => [n, `winlog.event_data.${n}`]));

const processCreation: CategoryModel = {
  logsource: { category: 'process_creation', product: 'windows' },
  source: {
    eqlCategory: 'process',
    where: [WINDOWS, START],
    // The Windows producers' words only, Defend's first: `exec` (Defend's and Defend for Containers' word on
    // Linux and macOS, `exec_event` its older one) and auditd's `executed` name no Windows event, so a query
    // stating no system but one of them (Elastic's Defend for Containers rules) is no Windows query.
    recognised: [
      {
        ...(PROCESS_STARTED[0] as SelectorCondition),
        values: ['start', 'ProcessRollup2', 'process_started'],
      },
      ...PROCESS_STARTED.slice(1),
      WINDOWS_PROCESS_PRODUCERS,
    ],
  },
  fields: {
    ...PROCESS_COMMON,
    CommandLine: 'process.command_line',
    CurrentDirectory: 'process.working_directory',
    OriginalFileName: 'process.pe.original_file_name',
    Description: 'process.pe.description',
    Product: 'process.pe.product',
    Company: 'process.pe.company',
    FileVersion: 'process.pe.file_version',
    Imphash: 'process.pe.imphash',
    md5: 'process.hash.md5',
    sha1: 'process.hash.sha1',
    sha256: 'process.hash.sha256',
    ParentImage: 'process.parent.executable',
    ParentCommandLine: 'process.parent.command_line',
    ParentProcessId: 'process.parent.pid',
    ParentProcessGuid: 'process.parent.entity_id',
    ...eventData(['IntegrityLevel', 'LogonId', 'LogonGuid', 'TerminalSessionId', 'ParentUser']),
  },
  // Elastic Defend names the token's integrity level in lower case where Sysmon writes IntegrityLevel.
  copies: {
    'process.Ext.token.integrity_level_name': {
      field: 'IntegrityLevel',
      values: ['System', 'High', 'Medium', 'Low', 'Untrusted'].map((level) => ({
        hub: level,
        model: [level.toLowerCase()],
      })),
    },
  },
  // The integrations split Sysmon's Hashes into ECS hash fields.
  keyed: { Hashes: hashes('process') },
  basenames: [
    { field: 'process.name', of: 'Image', separator: '\\' },
    { field: 'process.parent.name', of: 'ParentImage', separator: '\\' },
  ],
  parts: ARGUMENTS,
  keyAliases: { 'host.id': 'Computer' },
};

const networkConnection: CategoryModel = {
  logsource: { category: 'network_connection', product: 'windows' },
  source: { eqlCategory: 'network', where: [WINDOWS, START] },
  fields: {
    ...PROCESS_COMMON,
    ...ECS_NETWORK_ENDPOINTS,
    ...eventData(['SourceIsIpv6', 'DestinationIsIpv6', 'SourcePortName', 'DestinationPortName']),
  },
  ...ECS_CONNECTION_DIRECTION,
  basenames: [{ field: 'process.name', of: 'Image', separator: '\\' }],
  keyAliases: { 'host.id': 'Computer' },
};

const psScript: CategoryModel = {
  logsource: { category: 'ps_script', product: 'windows' },
  source: {
    eqlCategory: 'process',
    where: [WINDOWS, { field: 'event.code', values: ['4104'], cased: true }],
  },
  fields: {
    ScriptBlockText: 'powershell.file.script_block_text',
    ScriptBlockId: 'powershell.file.script_block_id',
    Path: 'file.path',
    EventID: 'event.code',
    Computer: 'host.name',
  },
};

const processAsActor: Record<string, string> = { ...PROCESS_COMMON };
const actorBasename = { field: 'process.name', of: 'Image', separator: '\\' };
const hostKey = { 'host.id': 'Computer' };

/** Sysmon 11 (FileCreate): a file written. */
const fileEvent: CategoryModel = {
  logsource: { category: 'file_event', product: 'windows' },
  source: {
    eqlCategory: 'file',
    where: [WINDOWS, { field: 'event.type', values: ['creation'], cased: true }],
    // Elastic Defend's action for the same events.
    recognised: [{ field: 'event.action', values: ['creation'], cased: true, insteadOf: 'event.type' }],
  },
  fields: { ...processAsActor, TargetFilename: 'file.path' },
  basenames: [
    actorBasename,
    { field: 'file.name', of: 'TargetFilename', separator: '\\' },
    { field: 'file.extension', of: 'TargetFilename', separator: '.' },
  ],
  keyAliases: hostKey,
};

/** Sysmon 7: a DLL loaded into a process. */
const imageLoad: CategoryModel = {
  logsource: { category: 'image_load', product: 'windows' },
  source: {
    eqlCategory: 'library',
    where: [WINDOWS],
    recognised: [{ field: 'event.action', values: ['load'], cased: true }],
  },
  fields: {
    ...processAsActor,
    ImageLoaded: 'dll.path',
    OriginalFileName: 'dll.pe.original_file_name',
    Description: 'dll.pe.description',
    Product: 'dll.pe.product',
    Company: 'dll.pe.company',
    FileVersion: 'dll.pe.file_version',
    Signature: 'dll.code_signature.subject_name',
    SignatureStatus: 'dll.code_signature.status',
    ...eventData(['Signed']),
  },
  keyed: { Hashes: hashes('dll') },
  // Elastic Endpoint's library events before dll.* (7.x) named the loaded image file.path and file.name, which
  // Elastic's rules still test beside dll.name: read back, never written.
  copies: { 'file.path': 'ImageLoaded' },
  basenames: [
    actorBasename,
    { field: 'dll.name', of: 'ImageLoaded', separator: '\\' },
    { field: 'file.name', of: 'ImageLoaded', separator: '\\' },
  ],
  keyAliases: hostKey,
};

/**
 * Sysmon 12–14: registry keys and values. Elastic Defend writes hive names in full (`HKEY_LOCAL_MACHINE\…`)
 * where Sysmon abbreviates (`HKLM\…`); a rule that anchors on the hive matches only data written its way.
 */
const registry = (
  category: string,
  eventTypes: string[],
  recognised?: SelectorCondition[],
): CategoryModel => ({
  logsource: { category, product: 'windows' },
  source: {
    eqlCategory: 'registry',
    where: eventTypes.length
      ? [WINDOWS, { field: 'event.type', values: eventTypes, cased: true }]
      : [WINDOWS],
    ...(recognised ? { recognised } : {}),
  },
  fields: {
    ...processAsActor,
    TargetObject: 'registry.path',
    Details: 'registry.data.strings',
    ...eventData(['EventType', 'NewName']),
  },
  // Defend's word for a deleted key or value, which Elastic's rules exclude (`event.action != "deletion"`); its
  // other actions (modification, query, save) name no EventType and stay unmapped. Read back only.
  copies: {
    'event.action': {
      field: 'EventType',
      values: [
        { hub: 'DeleteKey', model: ['deletion'] },
        { hub: 'DeleteValue', model: ['deletion'] },
      ],
    },
  },
  // The value a Sysmon event names is the last component of its TargetObject.
  basenames: [actorBasename, { field: 'registry.value', of: 'TargetObject', separator: '\\' }],
  keyAliases: hostKey,
});

/** Process start on Linux or macOS (Elastic Defend, auditd via Auditbeat): paths use `/`. */
const unixProcessCreation = (product: 'linux' | 'macos'): CategoryModel => ({
  logsource: { category: 'process_creation', product },
  source: {
    eqlCategory: 'process',
    where: [{ field: 'host.os.type', values: [product], cased: true }, START],
    recognised: PROCESS_STARTED,
  },
  fields: {
    Image: 'process.executable',
    CommandLine: 'process.command_line',
    CurrentDirectory: 'process.working_directory',
    ParentImage: 'process.parent.executable',
    ParentCommandLine: 'process.parent.command_line',
    ProcessId: 'process.pid',
    ParentProcessId: 'process.parent.pid',
    // Sysmon for Linux writes process GUIDs as Sysmon does; Elastic Defend's entity ids identify the same.
    ProcessGuid: 'process.entity_id',
    ParentProcessGuid: 'process.parent.entity_id',
    User: 'user.name',
    Computer: 'host.name',
  },
  basenames: [
    { field: 'process.name', of: 'Image', separator: '/' },
    { field: 'process.parent.name', of: 'ParentImage', separator: '/' },
  ],
  parts: ARGUMENTS,
  keyAliases: hostKey,
});

/**
 * Whether an entry keeps the loaded module under file.* (Sysmon's driver loads, as the Windows integration writes
 * them): the extension's dll.* fields, Defend's names, are no fields of its events.
 */
function keepsModuleAsFile(entry: CategoryModel): boolean {
  return entry.fields.ImageLoaded === 'file.path';
}

export const ECS_MODEL: DataModel = {
  id: 'ecs',
  title: 'Elastic Common Schema (Elastic Defend, Windows and Sysmon integrations)',
  dialect: 'eql',
  // ECS keeps the hub's extension fields under their own names.
  categories: withUserNameNotes([
    processCreation,
    networkConnection,
    psScript,
    fileEvent,
    imageLoad,
    // Elastic Defend's action for a value set (its `event.type: change`), as Elastic's rules over its registry
    // data stream alone test it.
    registry(
      'registry_set',
      ['change'],
      [{ field: 'event.action', values: ['modification'], cased: true, insteadOf: 'event.type' }],
    ),
    registry('registry_add', ['creation']),
    registry('registry_delete', ['deletion']),
    registry('registry_event', []),
    unixProcessCreation('linux'),
    unixProcessCreation('macos'),
    ...ECS_WINDOWS_CATEGORIES,
    ...ECS_UNIX_CATEGORIES,
    ...ECS_CLOUD_CATEGORIES,
    // After the cloud entries: see ECS_LINUX_AUTHENTICATION.
    ...ECS_LINUX_AUTHENTICATION,
    ...ECS_SENTINEL_TABLE_CATEGORIES,
  ]).map((entry) =>
    withHubExtension(entry, (field) =>
      keepsModuleAsFile(entry) && field.startsWith('dll.') ? undefined : field,
    ),
  ),
};
