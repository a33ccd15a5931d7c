import type { CategoryModel, SelectorCondition, ValueRewrite } from '../types.js';
import { DEFENDER_DATA_NAMES, sigmaName } from './windows-defender.js';

/**
 * Windows events in Sentinel tables beyond the Defender process, file-creation and module tables: the other
 * Defender XDR device tables where Defender records the event, and the `Event` table (Windows event logs
 * collected by the Log Analytics agent: EventLog = channel, Source = provider, EventData = the event's XML)
 * for Sysmon events Defender lacks, PowerShell logs and the other Windows event-log services.
 * Column names are those of the Log Analytics table reference (checked against the KQL tests' declarations).
 */

const windows = (category: string) => ({ category, product: 'windows' });

// ---------------------------------------------------------------------------------------------------------
// Defender XDR device tables

/**
 * The process that acted, as Defender's device tables name it. Sysmon's `User` has no equivalent here:
 * Defender keeps the account name without its domain (`system`, not `NT AUTHORITY\SYSTEM`), and Sigma rules
 * test the domain part (`AUTHORI`).
 */
const ACTOR: Record<string, string> = {
  Image: 'InitiatingProcessFolderPath',
  ProcessId: 'InitiatingProcessId',
  // Defender's per-device process identifier, which joins a process's events as Sysmon's GUID does.
  ProcessGuid: 'InitiatingProcessUniqueId',
  CommandLine: 'InitiatingProcessCommandLine',
  Computer: 'DeviceName',
};

/**
 * A process as Defender identifies it on every platform: its process id and creation time, on one device, as
 * Microsoft's hunting guidance says ("Identify unique processes with process IDs"). ProcessUniqueId, filled for
 * Windows devices only, stays what a Windows rule's ProcessGuid is written as; the pair is written where a step
 * has no such column (Linux, macOS, an acting process's parent), and read wherever a query joins by it.
 */
export const processKey = (id: string, created: string) => ({
  fields: [id, created],
  scopes: ['DeviceId', 'DeviceName'],
});
/** The process that acted, and its parent, of any Defender device table. */
export const ACTOR_KEYS: NonNullable<CategoryModel['keyParts']> = {
  ProcessGuid: processKey('InitiatingProcessId', 'InitiatingProcessCreationTime'),
  'process.parent.entity_id': processKey('InitiatingProcessParentId', 'InitiatingProcessParentCreationTime'),
};
/** A DeviceProcessEvents row's new process, and the process that started it. */
export const PROCESS_ROW_KEYS: NonNullable<CategoryModel['keyParts']> = {
  ProcessGuid: processKey('ProcessId', 'ProcessCreationTime'),
  ParentProcessGuid: processKey('InitiatingProcessId', 'InitiatingProcessCreationTime'),
};

/** Sysmon's Hashes list, as Defender's hash columns of the file the row is about (it computes no imphash). */
export const DEFENDER_HASHES = { SHA1: 'SHA1', SHA256: 'SHA256', MD5: 'MD5' };

const ACTOR_BASENAME = { field: 'InitiatingProcessFileName', of: 'Image', separator: '\\' };

/**
 * Sysmon's registry EventType values and the name of the same operation in Defender's ActionType and ASIM's
 * EventType (Microsoft's Sysmon registry parser translates them to these).
 */
export const REGISTRY_EVENT_TYPES: ValueRewrite[] = [
  { hub: 'CreateKey', model: ['RegistryKeyCreated'] },
  { hub: 'DeleteKey', model: ['RegistryKeyDeleted'] },
  { hub: 'SetValue', model: ['RegistryValueSet'] },
  { hub: 'DeleteValue', model: ['RegistryValueDeleted'] },
  { hub: 'RenameKey', model: ['RegistryKeyRenamed'] },
];

// The spellings differ whichever way a rule goes: a hub rule with the model's spellings finds nothing in Sysmon's.
const REGISTRY_CAVEAT = {
  fidelity: 'narrower' as const,
  read: 'narrower' as const,
  message:
    "Defender's registry key columns hold the key without the value name and spell the hive in full " +
    '(HKEY_LOCAL_MACHINE\\… where Sysmon writes HKLM\\…, ControlSet001 where it writes CurrentControlSet), and ' +
    "RegistryValueData writes a DWORD as 1 where Sysmon's Details says DWORD (0x00000001): tests of the value " +
    'name at the end of TargetObject, of an abbreviated hive or of such Details match nothing (the sentinel-sysmon ' +
    "profile reads Sysmon's own events)",
};

/** Sysmon 12–14 as DeviceRegistryEvents rows of the given ActionTypes. */
const registry = (
  category: string,
  actions: string[],
  key: 'RegistryKey' | 'PreviousRegistryKey',
  withData: boolean,
): CategoryModel => ({
  logsource: windows(category),
  source: { table: 'DeviceRegistryEvents', where: [{ field: 'ActionType', values: actions, cased: true }] },
  caveat: REGISTRY_CAVEAT,
  fields: {
    ...ACTOR,
    TargetObject: key,
    ...(withData ? { Details: 'RegistryValueData' } : {}),
    EventType: 'ActionType',
  },
  values: { EventType: REGISTRY_EVENT_TYPES },
  types: { InitiatingProcessId: 'number' },
  basenames: [ACTOR_BASENAME],
  keyParts: ACTOR_KEYS,
});

/** The Defender entries, before the `Event`-table ones: the first entry of a log source is the one written. */
/** Sysmon's network event (3) and Defender's rows: outbound ConnectionSuccess/ConnectionRequest, inbound InboundConnectionAccepted (as Microsoft's ASIM network-session parser reads them). */
const SAMPLED =
  'Defender does not log every connection as Sysmon does; DestinationHostname is read from RemoteUrl, which ' +
  'Defender fills for some connections only';
const NETWORK_VALUES = {
  Initiated: [
    { hub: 'true', model: ['ConnectionSuccess', 'ConnectionRequest'] },
    { hub: 'false', model: ['InboundConnectionAccepted'] },
  ],
  // Sysmon writes the protocol in lower case; Defender capitalises it, with the IP version on some sensors.
  Protocol: [
    { hub: 'tcp', model: ['Tcp', 'TcpV4', 'TcpV6'] },
    { hub: 'udp', model: ['Udp', 'UdpV4', 'UdpV6'] },
    { hub: 'icmp', model: ['Icmp', 'IcmpV6'] },
  ],
};
const networkEntry = (
  actions: string[],
  ends: Record<string, string>,
  caveat: string,
  when?: CategoryModel['when'],
): CategoryModel => ({
  logsource: windows('network_connection'),
  ...(when ? { when } : {}),
  source: { table: 'DeviceNetworkEvents', where: [{ field: 'ActionType', values: actions, cased: true }] },
  caveat: { fidelity: 'narrower', message: caveat },
  fields: { ...ACTOR, Initiated: 'ActionType', Protocol: 'Protocol', ...ends },
  values: NETWORK_VALUES,
  types: { InitiatingProcessId: 'number', LocalPort: 'number', RemotePort: 'number' },
  basenames: [ACTOR_BASENAME],
  keyParts: ACTOR_KEYS,
});
/** Sysmon's source is the side that initiated: the local end of an outbound connection, the remote of an inbound one. */
const OUTBOUND_ENDS = {
  SourceIp: 'LocalIP',
  SourcePort: 'LocalPort',
  DestinationIp: 'RemoteIP',
  DestinationPort: 'RemotePort',
  DestinationHostname: 'RemoteUrl',
};
const INBOUND_ENDS = {
  SourceIp: 'RemoteIP',
  SourcePort: 'RemotePort',
  DestinationIp: 'LocalIP',
  DestinationPort: 'LocalPort',
};
const defenderNetwork: CategoryModel[] = [
  networkEntry(['InboundConnectionAccepted'], INBOUND_ENDS, SAMPLED, {
    field: 'Initiated',
    values: ['false'],
  }),
  networkEntry(['ConnectionSuccess', 'ConnectionRequest'], OUTBOUND_ENDS, SAMPLED, {
    field: 'Initiated',
    values: ['true'],
  }),
  // A rule that does not say the direction: the ends are read as for outbound connections.
  networkEntry(
    ['ConnectionSuccess', 'ConnectionRequest', 'InboundConnectionAccepted'],
    OUTBOUND_ENDS,
    `${SAMPLED}; for accepted connections SourceIp/SourcePort read the local end and DestinationIp/DestinationPort the remote one, where Sysmon's source is the side that initiated`,
  ),
];

/** DeviceFileEvents rows of one ActionType, the file's full path (the new one for a rename) in FolderPath. */
const defenderFileRows = (category: string, action: string): CategoryModel => ({
  logsource: windows(category),
  source: { table: 'DeviceFileEvents', where: [{ field: 'ActionType', values: [action], cased: true }] },
  fields: { ...ACTOR, IntegrityLevel: 'InitiatingProcessIntegrityLevel', TargetFilename: 'FolderPath' },
  types: { InitiatingProcessId: 'number' },
  basenames: [ACTOR_BASENAME, { field: 'FileName', of: 'TargetFilename', separator: '\\' }],
  keyParts: ACTOR_KEYS,
});

/**
 * DeviceEvents' API-call rows (remote threads, process access): the calling process in the Initiating* columns,
 * the target process in the row's own, as Sysmon's Source* and Target* fields.
 */
const SOURCE_AND_TARGET: Pick<CategoryModel, 'fields' | 'types' | 'basenames' | 'keyParts'> = {
  fields: {
    SourceImage: 'InitiatingProcessFolderPath',
    SourceProcessId: 'InitiatingProcessId',
    SourceCommandLine: 'InitiatingProcessCommandLine',
    TargetImage: 'FolderPath',
    TargetProcessId: 'ProcessId',
    Computer: 'DeviceName',
  },
  types: { InitiatingProcessId: 'number', ProcessId: 'number' },
  basenames: [
    { field: 'InitiatingProcessFileName', of: 'SourceImage', separator: '\\' },
    { field: 'FileName', of: 'TargetImage', separator: '\\' },
  ],
  keyParts: {
    SourceProcessGuid: processKey('InitiatingProcessId', 'InitiatingProcessCreationTime'),
    TargetProcessGuid: processKey('ProcessId', 'ProcessCreationTime'),
  },
};

const DEFENDER: CategoryModel[] = [
  // Sysmon 13. Defender's value-set rows (RegistryKey + RegistryValueName + RegistryValueData).
  registry('registry_set', ['RegistryValueSet'], 'RegistryKey', true),
  // Sysmon 12 CreateKey.
  registry('registry_add', ['RegistryKeyCreated'], 'RegistryKey', false),
  // Sysmon 12 DeleteKey/DeleteValue: Defender keeps the deleted key in PreviousRegistryKey (as Microsoft's
  // ASIM registry parser reads it).
  registry('registry_delete', ['RegistryKeyDeleted', 'RegistryValueDeleted'], 'PreviousRegistryKey', false),
  // Sysmon 12–14 together; deletions keep their key in PreviousRegistryKey, which this entry does not read.
  registry(
    'registry_event',
    [
      'RegistryKeyCreated',
      'RegistryKeyDeleted',
      'RegistryValueSet',
      'RegistryValueDeleted',
      'RegistryKeyRenamed',
    ],
    'RegistryKey',
    true,
  ),
  ...defenderNetwork,
  {
    // Sysmon 8. DeviceEvents' CreateRemoteThreadApiCall rows: the initiating process is the source, the
    // row's own process (FolderPath, ProcessId) the target.
    logsource: windows('create_remote_thread'),
    source: {
      table: 'DeviceEvents',
      where: [{ field: 'ActionType', values: ['CreateRemoteThreadApiCall'], cased: true }],
    },
    caveat: {
      fidelity: 'narrower',
      message:
        'Defender records remote-thread creation for some calls only (its API-call events are throttled) and ' +
        'keeps no start address, module or function',
    },
    ...SOURCE_AND_TARGET,
  },
  {
    // Sysmon 10. DeviceEvents' OpenProcessApiCall rows, source and target as for remote threads; the access
    // mask is only in AdditionalFields, so GrantedAccess and CallTrace stay unmapped.
    logsource: windows('process_access'),
    source: {
      table: 'DeviceEvents',
      where: [{ field: 'ActionType', values: ['OpenProcessApiCall'], cased: true }],
    },
    caveat: {
      fidelity: 'narrower',
      message:
        'Defender records a selection of OpenProcess calls (its API-call events are throttled), not every ' +
        'access Sysmon logs',
    },
    ...SOURCE_AND_TARGET,
  },
  {
    // Sysmon 6. DeviceEvents' DriverLoad rows: the driver file in FolderPath, its hashes in their own columns
    // (Sysmon's combined Hashes and its signature fields have none).
    logsource: windows('driver_load'),
    source: { table: 'DeviceEvents', where: [{ field: 'ActionType', values: ['DriverLoad'], cased: true }] },
    fields: { ImageLoaded: 'FolderPath', md5: 'MD5', sha1: 'SHA1', sha256: 'SHA256', Computer: 'DeviceName' },
    keyed: { Hashes: DEFENDER_HASHES },
    basenames: [{ field: 'FileName', of: 'ImageLoaded', separator: '\\' }],
  },
  // Sysmon 23 (and 26, deletion logged, not archived): DeviceFileEvents' FileDeleted rows.
  defenderFileRows('file_delete', 'FileDeleted'),
  defenderFileRows('file_delete_detected', 'FileDeleted'),
  // Kernel-File renames: the FileRenamed rows. Whether PreviousFolderPath holds the old file name varies, so
  // SourceFilename stays unmapped.
  defenderFileRows('file_rename', 'FileRenamed'),
];

// ---------------------------------------------------------------------------------------------------------
// The Event table

/** The System header of a Windows event as Event-table columns (Sigma names them as evtx renderings do). */
const EVENT_HEADER: Record<string, string> = {
  EventID: 'EventID',
  Provider_Name: 'Source',
  Channel: 'EventLog',
  Computer: 'Computer',
};

/** Sigma's `Level` (the header's level number, or its name) as the Event table's level name. */
const LEVELS: ValueRewrite[] = [
  { hub: 2, model: ['Error'] },
  { hub: 'Error', model: ['Error'] },
  { hub: 3, model: ['Warning'] },
  { hub: 'Warning', model: ['Warning'] },
  { hub: 4, model: ['Information'] },
  { hub: 'Information', model: ['Information'] },
];

const channel = (names: string[]): SelectorCondition => ({ field: 'EventLog', values: names, cased: true });

/**
 * The channels an entry reads, as the only values its rules may give Sigma's `Channel` (the header's channel):
 * another value is an error, not a query that silently reads nothing. (SigmaHQ's log-clearing rules use
 * Channel for the cleared channel that event 104 names in UserData, which the Event table does not expose.)
 */
const channelValues = (where: SelectorCondition[]): ValueRewrite[] =>
  where.filter((c) => c.field === 'EventLog').flatMap((c) => c.values.map((v) => ({ hub: v, model: [v] })));
const eventIds = (ids: number[]): SelectorCondition => ({ field: 'EventID', values: ids, cased: true });

export const SYSMON_CHANNEL = 'Microsoft-Windows-Sysmon/Operational';

/**
 * Sysmon's event-data fields per event id, in the order its XML holds them (Sysmon's manifest, schema 4.90),
 * so one `parse` reads those a rule uses.
 */
const SYSMON_FIELDS: Record<number, string[]> = {
  1: [
    'RuleName',
    'UtcTime',
    'ProcessGuid',
    'ProcessId',
    'Image',
    'FileVersion',
    'Description',
    'Product',
    'Company',
    'OriginalFileName',
    'CommandLine',
    'CurrentDirectory',
    'User',
    'LogonGuid',
    'LogonId',
    'TerminalSessionId',
    'IntegrityLevel',
    'Hashes',
    'ParentProcessGuid',
    'ParentProcessId',
    'ParentImage',
    'ParentCommandLine',
    'ParentUser',
  ],
  2: [
    'RuleName',
    'UtcTime',
    'ProcessGuid',
    'ProcessId',
    'Image',
    'TargetFilename',
    'CreationUtcTime',
    'PreviousCreationUtcTime',
    'User',
  ],
  3: [
    'RuleName',
    'UtcTime',
    'ProcessGuid',
    'ProcessId',
    'Image',
    'User',
    'Protocol',
    'Initiated',
    'SourceIsIpv6',
    'SourceIp',
    'SourceHostname',
    'SourcePort',
    'SourcePortName',
    'DestinationIsIpv6',
    'DestinationIp',
    'DestinationHostname',
    'DestinationPort',
    'DestinationPortName',
  ],
  5: ['RuleName', 'UtcTime', 'ProcessGuid', 'ProcessId', 'Image', 'User'],
  6: ['RuleName', 'UtcTime', 'ImageLoaded', 'Hashes', 'Signed', 'Signature', 'SignatureStatus'],
  7: [
    'RuleName',
    'UtcTime',
    'ProcessGuid',
    'ProcessId',
    'Image',
    'ImageLoaded',
    'FileVersion',
    'Description',
    'Product',
    'Company',
    'OriginalFileName',
    'Hashes',
    'Signed',
    'Signature',
    'SignatureStatus',
    'User',
  ],
  8: [
    'RuleName',
    'UtcTime',
    'SourceProcessGuid',
    'SourceProcessId',
    'SourceImage',
    'TargetProcessGuid',
    'TargetProcessId',
    'TargetImage',
    'NewThreadId',
    'StartAddress',
    'StartModule',
    'StartFunction',
    'SourceUser',
    'TargetUser',
  ],
  9: ['RuleName', 'UtcTime', 'ProcessGuid', 'ProcessId', 'Image', 'Device', 'User'],
  10: [
    'RuleName',
    'UtcTime',
    'SourceProcessGUID',
    'SourceProcessId',
    'SourceThreadId',
    'SourceImage',
    'TargetProcessGUID',
    'TargetProcessId',
    'TargetImage',
    'GrantedAccess',
    'CallTrace',
    'SourceUser',
    'TargetUser',
  ],
  11: [
    'RuleName',
    'UtcTime',
    'ProcessGuid',
    'ProcessId',
    'Image',
    'TargetFilename',
    'CreationUtcTime',
    'User',
  ],
  12: ['RuleName', 'EventType', 'UtcTime', 'ProcessGuid', 'ProcessId', 'Image', 'TargetObject', 'User'],
  13: [
    'RuleName',
    'EventType',
    'UtcTime',
    'ProcessGuid',
    'ProcessId',
    'Image',
    'TargetObject',
    'Details',
    'User',
  ],
  14: [
    'RuleName',
    'EventType',
    'UtcTime',
    'ProcessGuid',
    'ProcessId',
    'Image',
    'TargetObject',
    'NewName',
    'User',
  ],
  15: [
    'RuleName',
    'UtcTime',
    'ProcessGuid',
    'ProcessId',
    'Image',
    'TargetFilename',
    'CreationUtcTime',
    'Hash',
    'Contents',
    'User',
  ],
  17: ['RuleName', 'EventType', 'UtcTime', 'ProcessGuid', 'ProcessId', 'PipeName', 'Image', 'User'],
  22: [
    'RuleName',
    'UtcTime',
    'ProcessGuid',
    'ProcessId',
    'QueryName',
    'QueryStatus',
    'QueryResults',
    'Image',
    'User',
  ],
  23: [
    'RuleName',
    'UtcTime',
    'ProcessGuid',
    'ProcessId',
    'User',
    'Image',
    'TargetFilename',
    'Hashes',
    'IsExecutable',
    'Archived',
  ],
  24: [
    'RuleName',
    'UtcTime',
    'ProcessGuid',
    'ProcessId',
    'Image',
    'Session',
    'ClientInfo',
    'Hashes',
    'Archived',
    'User',
  ],
  25: ['RuleName', 'UtcTime', 'ProcessGuid', 'ProcessId', 'Image', 'Type', 'User'],
  26: [
    'RuleName',
    'UtcTime',
    'ProcessGuid',
    'ProcessId',
    'User',
    'Image',
    'TargetFilename',
    'Hashes',
    'IsExecutable',
  ],
  27: ['RuleName', 'UtcTime', 'ProcessGuid', 'ProcessId', 'User', 'Image', 'TargetFilename', 'Hashes'],
  255: ['UtcTime', 'ID', 'Description'],
};

/**
 * Sysmon events of one layout: the fields parsed from EventData in document order. Every field is text there,
 * so numbers in rules (`DestinationPort: 3389`) are compared as text.
 */
function sysmon(
  category: string,
  ids: number[],
  order: string[],
  caveat?: CategoryModel['caveat'],
): CategoryModel {
  return {
    logsource: windows(category),
    source: { table: 'Event', where: [channel([SYSMON_CHANNEL]), eventIds(ids)] },
    ...(caveat ? { caveat } : {}),
    fields: { ...Object.fromEntries(order.map((f) => [f, f])), ...EVENT_HEADER },
    values: { Channel: [{ hub: SYSMON_CHANNEL, model: [SYSMON_CHANNEL] }] },
    types: { ...Object.fromEntries(order.map((f) => [f, 'string' as const])), EventID: 'number' },
    extract: { column: 'EventData', order },
  };
}

/**
 * Sysmon events of several layouts (or of a layout not in Sysmon's published manifest): each field a rule uses
 * is extracted from its own `<Data Name="…">` element, wherever it is.
 */
function sysmonAnyLayout(category: string, ids: number[], caveat?: CategoryModel['caveat']): CategoryModel {
  return {
    logsource: windows(category),
    source: { table: 'Event', where: [channel([SYSMON_CHANNEL]), eventIds(ids)] },
    ...(caveat ? { caveat } : {}),
    fields: { ...EVENT_HEADER },
    values: { Channel: [{ hub: SYSMON_CHANNEL, model: [SYSMON_CHANNEL] }] },
    types: { EventID: 'number' },
    extract: { column: 'EventData' },
  };
}

const field = (id: number): string[] => SYSMON_FIELDS[id] ?? [];

/** Sysmon's channel as a service (`service: sysmon`): any of its events, each field extracted wherever it is. */
const SYSMON_SERVICE: CategoryModel = {
  logsource: { product: 'windows', service: 'sysmon' },
  source: { table: 'Event', where: [channel([SYSMON_CHANNEL])] },
  fields: { ...EVENT_HEADER },
  values: { Channel: [{ hub: SYSMON_CHANNEL, model: [SYSMON_CHANNEL] }] },
  types: { EventID: 'number' },
  extract: { column: 'EventData' },
};

/**
 * Every Sysmon log source as the Log Analytics agent stores it in the `Event` table (EventLog is Sysmon's
 * channel, fields parsed from the EventData XML). The sentinel-sysmon profile; in the default profile they
 * come after the Defender entries, so they are written only where Defender has nothing, and read always.
 * Specific entries precede the broader ones that share their events, so a query is read as the narrowest.
 */
export const SYSMON_EVENT_CATEGORIES: CategoryModel[] = [
  sysmon('process_creation', [1], field(1)),
  sysmon('file_change', [2], field(2)),
  sysmon('network_connection', [3], field(3)),
  sysmon('process_termination', [5], field(5)),
  sysmon('driver_load', [6], field(6)),
  sysmon('image_load', [7], field(7)),
  sysmon('create_remote_thread', [8], field(8)),
  sysmon('raw_access_thread', [9], field(9)),
  sysmon('process_access', [10], field(10)),
  sysmon('file_event', [11], field(11)),
  sysmon('registry_set', [13], field(13)),
  sysmon('registry_rename', [14], field(14)),
  // Before registry_add and registry_delete, so that a query of event 12 reads as what it is.
  sysmonAnyLayout('registry_event', [12, 13, 14]),
  // Sysmon 12 holds key creations and deletions alike, told apart by EventType, a field of the event data
  // that no selector can test: the entry reads both.
  sysmon('registry_add', [12], field(12), {
    fidelity: 'broader',
    message: 'Sysmon event 12 also records deletions; a rule that does not test EventType reads them too',
  }),
  sysmon('registry_delete', [12], field(12), {
    fidelity: 'broader',
    message: 'Sysmon event 12 also records creations; a rule that does not test EventType reads them too',
  }),
  sysmon('create_stream_hash', [15], field(15)),
  sysmon('pipe_created', [17, 18], field(17)),
  sysmonAnyLayout('wmi_event', [19, 20, 21]),
  sysmon('dns_query', [22], field(22)),
  sysmon('file_delete', [23], field(23)),
  sysmon('clipboard_capture', [24], field(24)),
  sysmon('process_tampering', [25], field(25)),
  sysmon('file_delete_detected', [26], field(26)),
  sysmon('file_block_executable', [27], field(27)),
  sysmonAnyLayout('file_block_shredding', [28]),
  sysmonAnyLayout('file_executable_detected', [29]),
  sysmonAnyLayout('sysmon_status', [4, 16]),
  sysmon('sysmon_error', [255], field(255)),
];

const POWERSHELL_OPERATIONAL = ['Microsoft-Windows-PowerShell/Operational', 'PowerShellCore/Operational'];
const POWERSHELL_CLASSIC = ['Windows PowerShell'];

/**
 * Events of a log with named data fields: each field a rule uses is extracted from its `<Data Name="…">`
 * element. Sigma's `Data` (the unnamed data items some events carry) is the EventData XML as a whole.
 */
function namedData(
  logsource: CategoryModel['logsource'],
  where: SelectorCondition[],
  types: Record<string, 'number' | 'string'> = {},
): CategoryModel {
  return {
    logsource,
    source: { table: 'Event', where },
    fields: { ...EVENT_HEADER, Data: 'EventData', EventData: 'EventData', Level: 'EventLevelName' },
    values: { Channel: channelValues(where), Level: LEVELS },
    types: { EventID: 'number', ...types },
    extract: { column: 'EventData' },
    // Sigma's keywords on an event log look in its data, which the Event table keeps as EventData's XML.
    keywordField: 'EventData',
  };
}

const DATA_CAVEAT = {
  fidelity: 'broader' as const,
  message:
    "the event's data items are unnamed, so Sigma's Data is read from the EventData XML as a whole: a test " +
    'also matches text that spans two items or the markup between them (and & < > are escaped there)',
};

/**
 * Events that keep their fields in UserData (AppLocker, WMI activity, the print service, terminal services):
 * the Event table's EventData holds that XML, each field an element of its own name (`<Operation>…<`).
 */
const userData = (logsource: CategoryModel['logsource'], where: SelectorCondition[]): CategoryModel => ({
  ...namedData(logsource, where),
  extract: { column: 'EventData', layout: 'elements' },
});

/** Defender Antivirus's data, named with spaces that Sigma's names drop (`Threat Name`, ThreatName). */
const spacedData = (
  logsource: CategoryModel['logsource'],
  where: SelectorCondition[],
  names: string[],
): CategoryModel => ({
  ...namedData(logsource, where),
  extract: { column: 'EventData', names: Object.fromEntries(names.map((n) => [sigmaName(n), n])) },
});

/** Logs no Sigma rule reads a field of yet, beyond the header and the data as a whole. */
function headerOnly(logsource: CategoryModel['logsource'], where: SelectorCondition[]): CategoryModel {
  return {
    logsource,
    source: { table: 'Event', where },
    fields: { ...EVENT_HEADER, Data: 'EventData', EventData: 'EventData', Level: 'EventLevelName' },
    values: { Channel: channelValues(where), Level: LEVELS },
    types: { EventID: 'number' },
    keywordField: 'EventData',
  };
}

/**
 * Events whose data items are unnamed (classic PowerShell, MSExchange cmdlet logging): rules test them as
 * `Data`. Named fields are still extracted, so a rule over these and the named-data PowerShell events at once
 * (a list of categories) maps in each.
 */
const unnamedData = (logsource: CategoryModel['logsource'], where: SelectorCondition[]): CategoryModel => ({
  ...namedData(logsource, where),
  caveat: DATA_CAVEAT,
});

/** PowerShell's script-block (4104) and module (4103) logging, and the classic engine/provider/pipeline events. */
const POWERSHELL: CategoryModel[] = [
  // 4104: ScriptBlockText, ScriptBlockId, Path, MessageNumber, MessageTotal (pwsh 7 logs to PowerShellCore).
  namedData(windows('ps_script'), [channel(POWERSHELL_OPERATIONAL), eventIds([4104])]),
  // 4103: ContextInfo, UserData, Payload.
  namedData(windows('ps_module'), [channel(POWERSHELL_OPERATIONAL), eventIds([4103])]),
  // 400 / 600 / 800 in the classic log: three unnamed data items (the third holds HostApplication=… details).
  unnamedData(windows('ps_classic_start'), [channel(POWERSHELL_CLASSIC), eventIds([400])]),
  unnamedData(windows('ps_classic_provider_start'), [channel(POWERSHELL_CLASSIC), eventIds([600])]),
  unnamedData(windows('ps_classic_script'), [channel(POWERSHELL_CLASSIC), eventIds([800])]),
  namedData({ product: 'windows', service: 'powershell' }, [channel(POWERSHELL_OPERATIONAL)]),
  unnamedData({ product: 'windows', service: 'powershell-classic' }, [channel(POWERSHELL_CLASSIC)]),
];

const service = (name: string) => ({ product: 'windows', service: name });

/**
 * Windows event-log services (Sigma's taxonomy: service → channel, checked against pySigma's table; the DNS
 * client's real channel is Microsoft-Windows-DNS-Client/Operational, which the taxonomy gives by its display
 * name). Logs with named data fields extract them; the others map only the header.
 */
const SERVICES: CategoryModel[] = [
  // Application: Application Error 1000 and most modern providers name their data; MSSQL and other classic
  // sources write unnamed items, which rules test as Data.
  namedData(service('application'), [channel(['Application'])]),
  namedData(service('application-experience'), [
    channel([
      'Microsoft-Windows-Application-Experience/Program-Telemetry',
      'Microsoft-Windows-Application-Experience/Program-Compatibility-Assistant',
    ]),
  ]),
  namedData(service('appmodel-runtime'), [channel(['Microsoft-Windows-AppModel-Runtime/Admin'])]),
  namedData(service('appxdeployment-server'), [
    channel(['Microsoft-Windows-AppXDeploymentServer/Operational']),
  ]),
  namedData(service('appxpackaging-om'), [channel(['Microsoft-Windows-AppxPackaging/Operational'])]),
  namedData(service('bitlocker'), [channel(['Microsoft-Windows-BitLocker/BitLocker Management'])]),
  namedData(service('bits-client'), [channel(['Microsoft-Windows-Bits-Client/Operational'])]),
  namedData(service('certificateservicesclient-lifecycle-system'), [
    channel(['Microsoft-Windows-CertificateServicesClient-Lifecycle-System/Operational']),
  ]),
  // CodeIntegrity 3033 and kin: RequestedPolicy and friends are numbers in rules, text in the XML.
  namedData(
    service('codeintegrity-operational'),
    [channel(['Microsoft-Windows-CodeIntegrity/Operational'])],
    { RequestedPolicy: 'string', ValidatedPolicy: 'string', Status: 'string' },
  ),
  namedData(service('dhcp'), [channel(['Microsoft-Windows-DHCP-Server/Operational'])]),
  namedData(service('diagnosis-scripted'), [channel(['Microsoft-Windows-Diagnosis-Scripted/Operational'])]),
  namedData(service('dns-client'), [channel(['Microsoft-Windows-DNS-Client/Operational'])]),
  namedData(service('dns-server'), [channel(['DNS Server'])]),
  namedData(service('dns-server-analytic'), [channel(['Microsoft-Windows-DNS-Server/Analytical'])]),
  namedData(service('dns-server-audit'), [channel(['Microsoft-Windows-DNS-Server/Audit'])]),
  // Firewall 2004–2097: Action and kin are numbers in rules, text in the XML.
  namedData(
    service('firewall-as'),
    [channel(['Microsoft-Windows-Windows Firewall With Advanced Security/Firewall'])],
    { Action: 'string', Direction: 'string', Protocol: 'string', Profiles: 'string' },
  ),
  namedData(service('iis-configuration'), [channel(['Microsoft-IIS-Configuration/Operational'])]),
  namedData(service('kernel-shimengine'), [
    channel([
      'Microsoft-Windows-Kernel-ShimEngine/Operational',
      'Microsoft-Windows-Kernel-ShimEngine/Diagnostic',
    ]),
  ]),
  namedData(service('ldap'), [channel(['Microsoft-Windows-LDAP-Client/Debug'])]),
  namedData(service('lsa-server'), [channel(['Microsoft-Windows-LSA/Operational'])]),
  // MSExchange Management: cmdlet logging in unnamed data items (Data).
  unnamedData(service('msexchange-management'), [channel(['MSExchange Management'])]),
  namedData(service('ntfs'), [channel(['Microsoft-Windows-Ntfs/Operational'])]),
  namedData(service('ntlm'), [channel(['Microsoft-Windows-NTLM/Operational'])]),
  namedData(service('openssh'), [channel(['OpenSSH/Operational'])]),
  namedData(service('security-mitigations'), [
    channel([
      'Microsoft-Windows-Security-Mitigations/Kernel Mode',
      'Microsoft-Windows-Security-Mitigations/User Mode',
    ]),
  ]),
  namedData(service('sense'), [channel(['Microsoft-Windows-SENSE/Operational'])]),
  namedData(service('shell-core'), [channel(['Microsoft-Windows-Shell-Core/Operational'])]),
  namedData(service('smbclient-security'), [channel(['Microsoft-Windows-SmbClient/Security'])]),
  namedData(service('smbclient-connectivity'), [channel(['Microsoft-Windows-SmbClient/Connectivity'])]),
  SYSMON_SERVICE,
  // System: Service Control Manager 7045/7036/7040, Kernel-General 16 … name their data. (104, log cleared,
  // keeps the cleared channel in UserData: Sigma's Channel there is the header's, EventLog.)
  namedData(service('system'), [channel(['System'])]),
  namedData(service('taskscheduler'), [channel(['Microsoft-Windows-TaskScheduler/Operational'])]),
  namedData(service('vhdmp'), [channel(['Microsoft-Windows-VHDMP/Operational'])]),
  // Logs whose events keep their fields in UserData, or name them with spaces (Defender).
  userData(service('applocker'), [
    channel([
      'Microsoft-Windows-AppLocker/MSI and Script',
      'Microsoft-Windows-AppLocker/EXE and DLL',
      'Microsoft-Windows-AppLocker/Packaged app-Deployment',
      'Microsoft-Windows-AppLocker/Packaged app-Execution',
    ]),
  ]),
  userData(service('capi2'), [channel(['Microsoft-Windows-CAPI2/Operational'])]),
  userData(service('driver-framework'), [
    channel(['Microsoft-Windows-DriverFrameworks-UserMode/Operational']),
  ]),
  userData(service('printservice-admin'), [channel(['Microsoft-Windows-PrintService/Admin'])]),
  userData(service('printservice-operational'), [channel(['Microsoft-Windows-PrintService/Operational'])]),
  userData(service('terminalservices-localsessionmanager'), [
    channel(['Microsoft-Windows-TerminalServices-LocalSessionManager/Operational']),
  ]),
  userData(service('wmi'), [channel(['Microsoft-Windows-WMI-Activity/Operational'])]),
  spacedData(
    service('windefend'),
    [channel(['Microsoft-Windows-Windows Defender/Operational'])],
    DEFENDER_DATA_NAMES,
  ),
  // Service Bus client (Hybrid Connection Manager); the corpus still names it microsoft-servicebus-client.
  headerOnly(service('servicebus-client'), [
    channel(['Microsoft-ServiceBus-Client/Operational', 'Microsoft-ServiceBus-Client/Admin']),
  ]),
  headerOnly(service('microsoft-servicebus-client'), [
    channel(['Microsoft-ServiceBus-Client/Operational', 'Microsoft-ServiceBus-Client/Admin']),
  ]),
];

/** The `Event`-table entries: Sysmon, PowerShell and the other Windows event-log services. */
export const EVENT_TABLE_CATEGORIES: CategoryModel[] = [
  ...SYSMON_EVENT_CATEGORIES,
  ...POWERSHELL,
  ...SERVICES,
];

/** Windows event logs and Sysmon events in Sentinel tables beyond the Defender process, file and module tables. */
export const SENTINEL_WINDOWS_CATEGORIES: CategoryModel[] = [...DEFENDER, ...EVENT_TABLE_CATEGORIES];
