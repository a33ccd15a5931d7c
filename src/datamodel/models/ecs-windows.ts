import type {
  BasenameField,
  CategoryModel,
  PositionsField,
  SelectorCondition,
  ValueRewrite,
} from '../types.js';
import { DEFENDER_DATA_NAMES, sigmaName } from './windows-defender.js';

/**
 * Windows event logs and the Sysmon events Elastic Defend does not write, as Winlogbeat and Elastic Agent's
 * Windows and System integrations record them.
 *
 * Every record carries its header as `winlog.*` (`winlog.channel` the channel, `winlog.provider_name`,
 * `winlog.computer_name`) and `event.code`, the event id as text. EventData items live under
 * `winlog.event_data.<Name>` (a name with spaces gets underscores: Defender's `Threat Name` is `Threat_Name`),
 * UserData items under `winlog.user_data.<Name>`; unnamed data items become `param1`, `param2`, …. The
 * integrations' ingest pipelines then move some items into ECS fields and drop others; the entries below
 * follow them (elastic/integrations: packages/windows sysmon_operational, powershell, powershell_operational,
 * windows_defender, applocker_*; packages/system security, system, application).
 *
 * Channel names are those of Sigma's taxonomy appendix (service → Channel) and pySigma's
 * `windows_logsource_mapping`.
 */

const WINDOWS: SelectorCondition = { field: 'host.os.type', values: ['windows'], cased: true };

/** `winlog.channel` holds the channel's name as Windows (or the collector's configuration) spells it: compared caseless. */
const channel = (...names: string[]): SelectorCondition => ({
  field: 'winlog.channel',
  values: names,
  cased: false,
});

/** `event.code` is a keyword holding the event id as text. */
const code = (...ids: number[]): SelectorCondition => ({
  field: 'event.code',
  values: ids.map(String),
  cased: true,
});

/** An integration's data stream, which holds one channel's records: another way of naming the channel. */
const dataset = (names: string[]): SelectorCondition => ({
  field: 'data_stream.dataset',
  values: names,
  cased: true,
  insteadOf: 'winlog.channel',
});

const SYSMON_CHANNEL = 'Microsoft-Windows-Sysmon/Operational';

/**
 * Other ways Elastic's own rules say "Sysmon events": recognised when reading, never written. (Not the channel:
 * a query on the Sysmon channel reads back as `service: sysmon`, its event id as an EventID test.)
 */
const SYSMON_RECOGNISED: SelectorCondition[] = [
  { field: 'event.provider', values: ['Microsoft-Windows-Sysmon'], cased: true },
  { field: 'winlog.provider_name', values: ['Microsoft-Windows-Sysmon'], cased: true },
  { field: 'data_stream.dataset', values: ['windows.sysmon_operational'], cased: true },
];

const eventData = (names: string[], prefix = 'winlog.event_data.'): Record<string, string> =>
  Object.fromEntries(names.map((n) => [n, prefix + n]));

/**
 * The System header of every record, as Winlogbeat writes it. Level and Keywords are rendered as names
 * (`log.level: information`, `winlog.keywords: ["Audit Success"]`), so Sigma's numbers are rewritten.
 */
const HEADER: Record<string, string> = {
  EventID: 'event.code',
  Channel: 'winlog.channel',
  Provider_Name: 'winlog.provider_name',
  Computer: 'winlog.computer_name',
  Level: 'log.level',
  Keywords: 'winlog.keywords',
  Security_UserID: 'winlog.user.identifier',
  Execution_ProcessID: 'winlog.process.pid',
  Execution_ThreadID: 'winlog.process.thread.id',
};

/**
 * Windows renders the standard levels by these names (level 0, "log always", also renders as information,
 * so `Level: 4` also reads level-0 records, which hardly any provider but the Security log writes).
 */
const HEADER_VALUES: Record<string, ValueRewrite[]> = {
  Level: [
    { hub: 1, model: ['critical'] },
    { hub: 2, model: ['error'] },
    { hub: 3, model: ['warning'] },
    { hub: 4, model: ['information'] },
    { hub: 5, model: ['verbose'] },
  ],
  // The two audit keywords of the Security log; other keyword masks have no rendered name here.
  Keywords: [
    { hub: '0x8010000000000000', model: ['Audit Failure'] },
    { hub: '0x8020000000000000', model: ['Audit Success'] },
  ],
};

/**
 * Event-data items are keywords: numbers Sigma rules compare them with are written as text. These are the
 * items the Sigma corpus compares with numbers.
 */
const TEXT_ITEMS = [
  'LogonType',
  'KeyLength',
  'NewValue',
  'PreAuthType',
  'ServiceStartType',
  'ServiceType',
  'SourcePort',
  'DestPort',
  'LayerRTID',
  'ClientProcessId',
  'ParentProcessId',
  'RequestedPolicy',
  'Action',
  'Status',
  'ErrorCode',
  'Code',
  'State',
];

const textTypes = (prefix: string, names: string[] = TEXT_ITEMS): Record<string, 'string'> =>
  Object.fromEntries(names.map((n) => [prefix + n, 'string' as const]));

const HEADER_TYPES: Record<string, 'number' | 'string'> = {
  'event.code': 'string',
  'winlog.process.pid': 'number',
  'winlog.process.thread.id': 'number',
};

/**
 * Sigma's Data: the unnamed data items of an event, any of which may pass a test. Winlogbeat writes the n-th
 * item as `winlog.event_data.param<n>` (keeping the number where it drops an empty item), so a test of Data is
 * that test of each param, or-ed. 32 covers the longest events these rules read (Windows Error Reporting's 1001
 * carries about two dozen); items further on are not looked at, which the mapping says.
 */
const unnamedData = (count: number): PositionsField[] => [
  { of: 'Data', fields: Array.from({ length: count }, (_, i) => `winlog.event_data.param${i + 1}`) },
];
const UNNAMED_DATA = unnamedData(32);

/** The host of a record, for join keys: Elastic's rules group Windows events by host.id or host.name. */
const HOST_KEYS = { 'host.id': 'Computer', 'host.name': 'Computer' };

interface ChannelOptions {
  /** Where the channel's data items live: `winlog.event_data.` (EventData) or `winlog.user_data.` (UserData). */
  prefix?: string | null;
  fields?: Record<string, string>;
  values?: Record<string, ValueRewrite[]>;
  types?: Record<string, 'number' | 'string'>;
  basenames?: BasenameField[];
  /** Lists whose items the channel writes unnamed, one param field each (Data). */
  positions?: PositionsField[];
  caveat?: CategoryModel['caveat'];
  /** The integration data streams that hold exactly this channel's records. */
  datasets?: string[];
}

/**
 * A Windows event log service of Sigma's taxonomy: every record of its channel(s). Elastic gives most channels'
 * records no event.category (the integrations set one only for some event ids), so the EQL category is `any`.
 * `host.os.type == "windows"`, which Elastic's own Windows rules state, keeps other systems' rules (`any where
 * host.os.type == "linux"`) from being read as Windows ones; an integration's data stream names the channel
 * in other words.
 */
function service(name: string, channels: string[], options: ChannelOptions = {}): CategoryModel {
  const prefix = options.prefix === undefined ? 'winlog.event_data.' : options.prefix;
  const entry: CategoryModel = {
    logsource: { product: 'windows', service: name },
    source: {
      eqlCategory: 'any',
      where: [WINDOWS, channel(...channels)],
      ...(options.datasets ? { recognised: [dataset(options.datasets)] } : {}),
    },
    fields: { ...HEADER, ...options.fields },
    values: { ...HEADER_VALUES, ...options.values },
    types: { ...HEADER_TYPES, ...(prefix ? textTypes(prefix) : {}), ...options.types },
    keyAliases: HOST_KEYS,
    // Winlogbeat writes the event's rendered message, its data items in their sentences, to `message`.
    keywordField: 'message',
  };
  if (prefix) entry.fieldPrefix = prefix;
  if (options.basenames) entry.basenames = options.basenames;
  if (options.positions) {
    entry.positions = options.positions;
    // Items are keywords: numbers compared with them are written as text.
    const items = options.positions.flatMap((p) => p.fields);
    entry.types = { ...entry.types, ...Object.fromEntries(items.map((f) => [f, 'string' as const])) };
  }
  if (options.caveat) entry.caveat = options.caveat;
  return entry;
}

// ---------------------------------------------------------------------------------------------------------
// Sysmon, as the Sysmon integration (windows.sysmon_operational) writes it

/** The acting process of most Sysmon events: the pipeline renames these into ECS and drops the originals. */
const SYSMON_PROCESS: Record<string, string> = {
  Image: 'process.executable',
  ProcessGuid: 'process.entity_id',
  ProcessId: 'process.pid',
};

/**
 * Items every Sysmon event may carry. RuleName becomes `rule.name`. User (`DOMAIN\user`), which the pipeline
 * splits into user.domain and user.name on every event it has, is user.name: the name alone, said where a rule
 * tests it (withUserNameNote). UtcTime (made the timestamp), Hashes/Hash (split into process.hash.* or
 * file.hash.*) and QueryResults (split into dns.answers) are dropped, so they have no field to map to and stay
 * unmapped.
 */
const SYSMON_COMMON: Record<string, string> = { ...HEADER, RuleName: 'rule.name', User: 'user.name' };

const SYSMON_TYPES: Record<string, 'number' | 'string'> = {
  ...HEADER_TYPES,
  'process.pid': 'number',
  'process.thread.id': 'number',
  'winlog.event_data.TargetProcessId': 'string',
  'winlog.event_data.NewThreadId': 'string',
};

/** Sysmon writes `true`/`false`; the pipeline converts these items to booleans. */
const BOOLEAN: ValueRewrite[] = [
  { hub: 'true', model: [true] },
  { hub: 'false', model: [false] },
];

const imageBasename: BasenameField = { field: 'process.name', of: 'Image', separator: '\\' };
const targetBasename: BasenameField = { field: 'file.name', of: 'TargetFilename', separator: '\\' };
/** The pipelines (and Elastic Defend) write the text after the last dot of the name, so it reads as the path's ending. */
const targetExtension: BasenameField = { field: 'file.extension', of: 'TargetFilename', separator: '.' };
/** The hashes the pipeline splits out of a loaded driver's or module's Hashes into file.*. */
const LOADED_FILE_HASHES: CategoryModel['keyed'] = {
  Hashes: {
    MD5: 'file.hash.md5',
    SHA1: 'file.hash.sha1',
    SHA256: 'file.hash.sha256',
    IMPHASH: 'file.pe.imphash',
  },
};

interface SysmonOptions {
  values?: Record<string, ValueRewrite[]>;
  basenames?: BasenameField[];
  caveat?: CategoryModel['caveat'];
  /** Selector conditions instead of `host.os.type` + `event.code` (Elastic Defend's events). */
  where?: SelectorCondition[];
  /** Other producers' words for the same events, recognised when reading. */
  recognised?: SelectorCondition[];
  keyed?: CategoryModel['keyed'];
}

/**
 * A Sysmon event category: `host.os.type == "windows" and event.code == "<id>"` in the EQL category the
 * integration gives the event id, as Elastic's own Sysmon rules select them. Only the items of the event's
 * schema are mapped; anything else is an honest error.
 */
function sysmon(
  category: string,
  eqlCategory: string,
  ids: number[],
  fields: Record<string, string>,
  options: SysmonOptions = {},
): CategoryModel {
  const entry: CategoryModel = {
    logsource: { category, product: 'windows' },
    source: {
      eqlCategory,
      where: options.where ?? [WINDOWS, code(...ids)],
      recognised: [...SYSMON_RECOGNISED, ...(options.recognised ?? [])],
    },
    fields: { ...SYSMON_COMMON, ...fields },
    values: { ...HEADER_VALUES, ...options.values },
    types: SYSMON_TYPES,
    keyAliases: HOST_KEYS,
  };
  if (options.basenames) entry.basenames = options.basenames;
  if (options.caveat) entry.caveat = options.caveat;
  if (options.keyed) entry.keyed = options.keyed;
  return entry;
}

const FILE_TARGET: Record<string, string> = { ...SYSMON_PROCESS, TargetFilename: 'file.path' };

/** Sysmon 23/26/28 report whether the file was executable, 23/24 whether it was archived. */
const FILE_FLAGS = { IsExecutable: BOOLEAN, Archived: BOOLEAN };

const SYSMON_CATEGORIES: CategoryModel[] = [
  // Sysmon 2: a process changed a file's creation time.
  sysmon(
    'file_change',
    'file',
    [2],
    { ...FILE_TARGET, ...eventData(['CreationUtcTime', 'PreviousCreationUtcTime']) },
    { basenames: [imageBasename, targetBasename, targetExtension] },
  ),
  // Sysmon 4 (service state, category process) and 16 (configuration, category configuration): two categories.
  sysmon(
    'sysmon_status',
    'any',
    [4, 16],
    eventData(['State', 'Version', 'SchemaVersion', 'Configuration', 'ConfigurationFileHash']),
  ),
  // Sysmon 6: the pipeline moves the driver's path to file.path and copies its signature to file.code_signature.
  sysmon(
    'driver_load',
    'driver',
    [6],
    {
      ImageLoaded: 'file.path',
      Signature: 'file.code_signature.subject_name',
      SignatureStatus: 'file.code_signature.status',
      ...eventData(['Signed']),
    },
    {
      basenames: [{ field: 'file.name', of: 'ImageLoaded', separator: '\\' }],
      keyed: LOADED_FILE_HASHES,
    },
  ),
  // Sysmon 8: the source process becomes process.*; the target stays in event data (TargetProcessGuid renamed
  // TargetProcessGUID, as Sysmon 10 spells it).
  sysmon(
    'create_remote_thread',
    'process',
    [8],
    {
      SourceProcessGuid: 'process.entity_id',
      SourceProcessId: 'process.pid',
      SourceImage: 'process.executable',
      TargetProcessGuid: 'winlog.event_data.TargetProcessGUID',
      ...eventData([
        'TargetProcessId',
        'TargetImage',
        'NewThreadId',
        'StartAddress',
        'StartModule',
        'StartFunction',
        'SourceUser',
        'TargetUser',
      ]),
    },
    { basenames: [{ field: 'process.name', of: 'SourceImage', separator: '\\' }] },
  ),
  // Sysmon 9: the raw-read device becomes file.path.
  sysmon(
    'raw_access_thread',
    'process',
    [9],
    { ...SYSMON_PROCESS, Device: 'file.path' },
    {
      basenames: [imageBasename],
    },
  ),
  // Sysmon 10: as Elastic's own rules read it (process.*, winlog.event_data.TargetImage/GrantedAccess/CallTrace).
  sysmon(
    'process_access',
    'process',
    [10],
    {
      SourceProcessGUID: 'process.entity_id',
      SourceProcessId: 'process.pid',
      SourceThreadId: 'process.thread.id',
      SourceImage: 'process.executable',
      ...eventData([
        'TargetProcessGUID',
        'TargetProcessId',
        'TargetImage',
        'GrantedAccess',
        'CallTrace',
        'SourceUser',
        'TargetUser',
      ]),
    },
    { basenames: [{ field: 'process.name', of: 'SourceImage', separator: '\\' }] },
  ),
  // Sysmon 15: Hash is split into file.hash.* and dropped.
  sysmon(
    'create_stream_hash',
    'file',
    [15],
    { ...FILE_TARGET, ...eventData(['CreationUtcTime', 'Contents']) },
    { basenames: [imageBasename, targetBasename, targetExtension] },
  ),
  // Sysmon 17/18: the pipe's name becomes file.name (a pipe event has no file.path).
  sysmon(
    'pipe_created',
    'file',
    [17, 18],
    { ...SYSMON_PROCESS, PipeName: 'file.name', ...eventData(['EventType']) },
    { basenames: [imageBasename] },
  ),
  // Sysmon 19–21: a consumer's Destination is renamed to process.executable by the pipeline.
  sysmon('wmi_event', 'process', [19, 20, 21], {
    Destination: 'process.executable',
    ...eventData(['EventType', 'Operation', 'EventNamespace', 'Name', 'Query', 'Type', 'Consumer', 'Filter']),
  }),
  // Sysmon 22: QueryStatus is translated to names (sysmon.dns.status) and QueryResults split: both unmapped.
  // Elastic Defend's lookups, and the action the Sysmon pipeline names, say the same when reading.
  sysmon(
    'dns_query',
    'network',
    [22],
    { ...SYSMON_PROCESS, QueryName: 'dns.question.name' },
    {
      basenames: [imageBasename],
      recognised: [
        {
          field: 'event.action',
          values: ['lookup_requested', 'DNSEvent (DNS query)'],
          cased: true,
          insteadOf: 'event.code',
        },
        // Both producers mark their lookups as DNS traffic, as Elastic's Windows rules select them.
        { field: 'network.protocol', values: ['dns'], cased: true, insteadOf: 'event.code' },
      ],
    },
  ),
  // Sysmon 23 (file deleted and archived).
  sysmon(
    'file_delete',
    'file',
    [23],
    { ...FILE_TARGET, IsExecutable: 'sysmon.file.is_executable', Archived: 'sysmon.file.archived' },
    { values: FILE_FLAGS, basenames: [imageBasename, targetBasename, targetExtension] },
  ),
  // Sysmon 24: the only Sysmon event the pipeline gives no category.
  sysmon(
    'clipboard_capture',
    'any',
    [24],
    { ...SYSMON_PROCESS, Archived: 'sysmon.file.archived', ...eventData(['Session', 'ClientInfo']) },
    { values: FILE_FLAGS, basenames: [imageBasename] },
  ),
  // Sysmon 25: the tampering Type ("Image is replaced") is renamed to message.
  sysmon(
    'process_tampering',
    'process',
    [25],
    { ...SYSMON_PROCESS, Type: 'message' },
    {
      basenames: [imageBasename],
    },
  ),
  // Sysmon 26 (file deletion logged, not archived).
  sysmon(
    'file_delete_detected',
    'file',
    [26],
    { ...FILE_TARGET, IsExecutable: 'sysmon.file.is_executable' },
    { values: FILE_FLAGS, basenames: [imageBasename, targetBasename, targetExtension] },
  ),
  sysmon('file_block_executable', 'file', [27], FILE_TARGET, {
    basenames: [imageBasename, targetBasename, targetExtension],
  }),
  sysmon(
    'file_block_shredding',
    'file',
    [28],
    { ...FILE_TARGET, IsExecutable: 'sysmon.file.is_executable' },
    { values: FILE_FLAGS, basenames: [imageBasename, targetBasename, targetExtension] },
  ),
  sysmon('file_executable_detected', 'file', [29], FILE_TARGET, {
    basenames: [imageBasename, targetBasename, targetExtension],
  }),
  // Sysmon 255: the error id is renamed to error.code.
  sysmon('sysmon_error', 'process', [255], { ID: 'error.code', ...eventData(['Description']) }),
];

/**
 * Sysmon 7 (image loaded) as the Sysmon integration and Winlogbeat's sysmon module write it: category process,
 * type change, action `Image loaded` (Winlogbeat appends the rule name: `Image loaded (rule: …)`); the loaded
 * image's path moves to file.path (file.name its last component), its hashes to file.hash.* and file.pe.imphash,
 * its PE version items and signature are copied to file.pe.* and file.code_signature.*; User is split into
 * user.domain and user.name. Elastic Defend writes the same loads as `library` events (ecs.ts), which hub rules
 * are written as; this entry reads Elastic's rules on the Sysmon events (`process where event.code == "7"`).
 */
const SYSMON_IMAGE_LOAD: CategoryModel = sysmon(
  'image_load',
  'process',
  [7],
  {
    ...SYSMON_PROCESS,
    ImageLoaded: 'file.path',
    OriginalFileName: 'file.pe.original_file_name',
    Description: 'file.pe.description',
    Product: 'file.pe.product',
    Company: 'file.pe.company',
    FileVersion: 'file.pe.file_version',
    Signature: 'file.code_signature.subject_name',
    SignatureStatus: 'file.code_signature.status',
    ...eventData(['Signed']),
  },
  {
    basenames: [imageBasename, { field: 'file.name', of: 'ImageLoaded', separator: '\\' }],
    keyed: LOADED_FILE_HASHES,
    // The pipeline's action for event 7, which Elastic's rules test instead of the event id.
    recognised: [{ field: 'event.action', values: ['Image loaded'], cased: false, insteadOf: 'event.code' }],
  },
);

/**
 * A driver loaded, as Elastic Defend writes it: category driver in its library data stream, the driver under
 * dll.* as a library is. After Sysmon's event 6 (above), through which hub rules are written; this entry reads
 * Elastic's rules on Defend's events.
 */
const DEFEND_DRIVER_LOAD: CategoryModel = {
  logsource: { category: 'driver_load', product: 'windows' },
  source: {
    eqlCategory: 'driver',
    where: [WINDOWS],
    recognised: [{ field: 'event.action', values: ['load'], cased: true }],
  },
  // Defend also names the process the driver was loaded through (System, pid 4, for most loads: Elastic's
  // driver rules test `process.pid == 4`), which Sysmon's event 6 does not record: Sigma's names for an acting
  // process, for rules read from Defend's events, written back through this entry.
  fields: {
    ImageLoaded: 'dll.path',
    Signature: 'dll.code_signature.subject_name',
    SignatureStatus: 'dll.code_signature.status',
    Computer: 'host.name',
    Image: 'process.executable',
    ProcessId: 'process.pid',
  },
  keyed: {
    Hashes: {
      MD5: 'dll.hash.md5',
      SHA1: 'dll.hash.sha1',
      SHA256: 'dll.hash.sha256',
      IMPHASH: 'dll.pe.imphash',
    },
  },
  // Elastic's rules over Defend's and Sysmon's driver loads test the driver by both producers' names
  // (`?dll.name : "x" or file.name : "x"`): the Windows integration writes event 6's driver as file.path and
  // file.name, which say what dll.path and dll.name say. Read back as the driver, never written (Sysmon's own
  // entry, above, writes them).
  copies: { 'file.path': 'ImageLoaded' },
  basenames: [
    { field: 'dll.name', of: 'ImageLoaded', separator: '\\' },
    { field: 'process.name', of: 'Image', separator: '\\' },
    { field: 'file.name', of: 'ImageLoaded', separator: '\\' },
  ],
  keyAliases: { 'host.id': 'Computer' },
};

/** Every item of every Sysmon event, for rules on the whole Sysmon channel (`service: sysmon`). */
const SYSMON_ALL: Record<string, string> = Object.assign({}, ...SYSMON_CATEGORIES.map((c) => c.fields), {
  // Sysmon 1, 3, 5, 7, 11–14 (written by Elastic Defend in ecs.ts's categories; as the Sysmon pipeline writes them here).
  ...SYSMON_PROCESS,
  CommandLine: 'process.command_line',
  CurrentDirectory: 'process.working_directory',
  ParentProcessGuid: 'process.parent.entity_id',
  ParentProcessId: 'process.parent.pid',
  ParentImage: 'process.parent.executable',
  ParentCommandLine: 'process.parent.command_line',
  OriginalFileName: 'process.pe.original_file_name',
  TargetFilename: 'file.path',
  TargetObject: 'registry.path',
  SourceIp: 'source.ip',
  SourceHostname: 'source.domain',
  SourcePort: 'source.port',
  DestinationIp: 'destination.ip',
  DestinationHostname: 'destination.domain',
  DestinationPort: 'destination.port',
  Protocol: 'network.transport',
  // Sysmon 20's consumer Type stays in event data (only Sysmon 25's is renamed).
  Type: 'winlog.event_data.Type',
  ...eventData([
    'FileVersion',
    'Description',
    'Product',
    'Company',
    'LogonGuid',
    'LogonId',
    'TerminalSessionId',
    'IntegrityLevel',
    'ParentUser',
    'EventType',
    'NewName',
    'Signed',
  ]),
});

// ---------------------------------------------------------------------------------------------------------
// PowerShell

/**
 * The Elastic Windows integration's PowerShell pipelines split the free-text items of these events into
 * fields of their own and drop them: 4103's ContextInfo and Payload, 400/600's third data item (`param3`,
 * which Sigma reads as Data). Only Winlogbeat without its PowerShell module, or the custom Windows event log
 * integration, keeps them as written here.
 */
const POWERSHELL_TEXT_CAVEAT: CategoryModel['caveat'] = {
  fidelity: 'narrower',
  message:
    'the Elastic Windows integration splits this event’s free-text data (ContextInfo, Payload, the details that Sigma reads as Data) into fields of its own and drops it; the query reads the items as Winlogbeat keeps them without an ingest pipeline, and finds nothing in the integration’s data',
};

const POWERSHELL_CHANNELS = ['Microsoft-Windows-PowerShell/Operational', 'PowerShellCore/Operational'];
const CLASSIC_CHANNEL = 'Windows PowerShell';

/**
 * Classic PowerShell events' data items are unnamed: Winlogbeat calls them param1…param3. For 400 and 600
 * the details Sigma rules search (`HostApplication=…`, `EngineVersion=…`) are the third; the first two hold
 * only the new and previous state.
 */
const CLASSIC_DATA: Record<string, string> = { Data: 'winlog.event_data.param3' };

/**
 * Every classic event (400, 403, 600, 800) has three unnamed items, and 800 spreads its details over them (the
 * windows.powershell pipeline reads its context, `HostApplication=…`, from param2 and the invocation details from
 * param3): where the event id is not fixed to 400 or 600, Data is any of the three.
 */
const CLASSIC_ITEMS = unnamedData(3);

/** 4103's and 4104's items as the powershell_operational pipeline renames them. */
const POWERSHELL_OPERATIONAL: Record<string, string> = {
  ScriptBlockText: 'powershell.file.script_block_text',
  ScriptBlockId: 'powershell.file.script_block_id',
  Path: 'file.path',
  ...eventData(['ContextInfo', 'Payload', 'UserData', 'MessageNumber', 'MessageTotal']),
};

const powershellEvents = (
  category: string,
  channels: string[],
  ids: number[],
  fields: Record<string, string>,
  positions?: PositionsField[],
): CategoryModel => ({
  logsource: { category, product: 'windows' },
  // Raw Winlogbeat records, the only ones that keep these items, have no event.category.
  source: { eqlCategory: 'any', where: [WINDOWS, channel(...channels), code(...ids)] },
  ...(Object.keys(fields).length || positions ? { caveat: POWERSHELL_TEXT_CAVEAT } : {}),
  fields: { ...HEADER, ...fields },
  ...(positions ? { positions } : {}),
  values: HEADER_VALUES,
  types: HEADER_TYPES,
  keyAliases: HOST_KEYS,
});

// ---------------------------------------------------------------------------------------------------------
// Services

/**
 * The Security log's events as the System integration's security pipeline (packages/system data_stream
 * security, standard.yml) categorises them: `[event.action, EQL categories, event ids]`. Some actions stand
 * for several ids (a member added to a global, local or universal group), read back as all of them.
 */
const SECURITY_ACTIONS: [string, string, number[]][] = [
  ['audit-log-cleared', 'iam', [1102]],
  ['logging-full', 'iam', [1104]],
  ['auditlog-archieved', 'iam', [1105]],
  ['logging-processing-error', 'iam', [1108]],
  ['logging-service-shutdown', 'process', [1100]],
  ['authentication-package-loaded', 'configuration', [4610]],
  ['trusted-logon-process-registered', 'configuration', [4611]],
  ['notification-package-loaded', 'configuration', [4614]],
  ['system-time-changed', 'configuration', [4616]],
  ['security-package-loaded', 'configuration', [4622]],
  ['logged-in', 'authentication', [4624]],
  ['logon-failed', 'authentication', [4625]],
  ['logged-out', 'authentication', [4634, 4647]],
  ['logged-in-explicit', 'authentication', [4648]],
  ['registry-value-modified', 'registry configuration', [4657]],
  ['permissions-changed', 'iam configuration', [4670]],
  ['logged-in-special', 'iam', [4672, 4964]],
  ['privileged-service-called', 'iam', [4673]],
  ['privileged-operation', 'iam', [4674]],
  ['created-process', 'process', [4688]],
  ['exited-process', 'process', [4689]],
  ['service-installed', 'iam configuration', [4697]],
  ['scheduled-task-created', 'iam configuration', [4698]],
  ['scheduled-task-deleted', 'iam configuration', [4699]],
  ['scheduled-task-enabled', 'iam configuration', [4700]],
  ['scheduled-task-disabled', 'iam configuration', [4701]],
  ['scheduled-task-updated', 'iam configuration', [4702]],
  ['domain-trust-added', 'configuration', [4706]],
  ['domain-trust-removed', 'configuration', [4707]],
  ['kerberos-policy-changed', 'configuration', [4713]],
  ['encrypted-data-recovery-policy-changed', 'configuration', [4714]],
  ['object-audit-policy-changed', 'configuration', [4715]],
  ['trusted-domain-information-changed', 'configuration', [4716]],
  ['system-security-access-granted', 'iam configuration', [4717]],
  ['system-security-access-removed', 'iam configuration', [4718]],
  ['changed-audit-config', 'iam configuration', [4719]],
  ['added-user-account', 'iam', [4720]],
  ['enabled-user-account', 'iam', [4722]],
  ['changed-password', 'iam', [4723]],
  ['reset-password', 'iam', [4724]],
  ['disabled-user-account', 'iam', [4725]],
  ['deleted-user-account', 'iam', [4726]],
  ['added-group-account', 'iam', [4727, 4731, 4754]],
  ['added-member-to-group', 'iam', [4728, 4732, 4756]],
  ['removed-member-from-group', 'iam', [4729, 4733, 4757]],
  ['deleted-group-account', 'iam', [4730, 4734, 4758]],
  ['modified-group-account', 'iam', [4735, 4737, 4755]],
  ['modified-user-account', 'iam', [4738]],
  ['domain-policy-changed', 'configuration', [4739]],
  ['locked-out-user-account', 'iam', [4740]],
  ['added-computer-account', 'iam', [4741]],
  ['changed-computer-account', 'iam', [4742]],
  ['deleted-computer-account', 'iam', [4743]],
  ['added-distribution-group-account', 'iam', [4744, 4749, 4759]],
  ['changed-distribution-group-account', 'iam', [4745, 4750, 4760]],
  ['added-member-to-distribution-group', 'iam', [4746, 4751, 4761]],
  ['removed-member-from-distribution-group', 'iam', [4747, 4752, 4762]],
  ['deleted-distribution-group-account', 'iam', [4748, 4753, 4763]],
  ['type-changed-group-account', 'iam', [4764]],
  ['unlocked-user-account', 'iam', [4767]],
  ['kerberos-authentication-ticket-requested', 'authentication', [4768]],
  ['kerberos-service-ticket-requested', 'authentication', [4769]],
  ['kerberos-service-ticket-renewed', 'authentication', [4770]],
  ['kerberos-preauth-failed', 'authentication', [4771]],
  ['credential-validated', 'authentication', [4776]],
  ['session-reconnected', 'authentication session', [4778]],
  ['session-disconnected', 'authentication session', [4779]],
  ['renamed-user-account', 'iam', [4781]],
  ['group-membership-enumerated', 'iam', [4798]],
  ['user-member-enumerated', 'iam', [4799]],
  ['object-audit-changed', 'iam configuration', [4817]],
  ['user-audit-policy-created', 'iam configuration', [4902]],
  ['security-event-source-added', 'iam configuration', [4904]],
  ['security-event-source-removed', 'iam configuration', [4905]],
  ['crash-on-audit-changed', 'iam configuration', [4906]],
  ['audit-setting-changed', 'iam configuration', [4907]],
  ['special-group-table-changed', 'iam configuration', [4908]],
  ['per-user-audit-policy-changed', 'iam configuration', [4912]],
  ['windows-firewall-setting-changed', 'configuration', [4950]],
  ['windows-firewall-group-policy-changed', 'configuration', [4954]],
  ['windows-firewall-service-started', 'process', [5024]],
  ['windows-firewall-service-stopped', 'process', [5025]],
  ['windows-firewall-driver-started', 'driver', [5033]],
  ['windows-firewall-driver-stopped', 'driver', [5034]],
  ['windows-firewall-driver-error', 'driver', [5037]],
  ['network-share-object-accessed', 'network file', [5140]],
  ['network-share-object-access-checked', 'network file', [5145]],
];

const actionsOf = (category?: string) =>
  SECURITY_ACTIONS.filter(([, categories]) => !category || categories.split(' ').includes(category));

/** The pipeline's words for a Security event id, read back as the id (an action of several ids as all of them). */
const actionIds = (category?: string): ValueRewrite[] =>
  actionsOf(category).flatMap(([action, , ids]) => ids.map((id) => ({ hub: id, model: [action] })));

/** The pipeline names LogonType's values in `winlog.logon.type`. */
const LOGON_TYPES: ValueRewrite[] = [
  [2, 'Interactive'],
  [3, 'Network'],
  [4, 'Batch'],
  [5, 'Service'],
  [7, 'Unlock'],
  [8, 'NetworkCleartext'],
  [9, 'NewCredentials'],
  [10, 'RemoteInteractive'],
  [11, 'CachedInteractive'],
].map(([hub, name]) => ({ hub: hub as number, model: [name as string] }));

/**
 * Security log, as the System integration's security pipeline writes it: every item stays in event data
 * except those it moves to ECS for the logon, account and share events (4624, 4625, 4648, 4673, 4674, 4688,
 * 47xx, 4768–4771, 5140, 5145 …): ProcessName/ProcessId, IpAddress/IpPort, WorkstationName. For the other
 * events (object access 4656/4663, 4616 …) ProcessName stays `winlog.event_data.ProcessName`, which this
 * model cannot express per event id.
 */
const SECURITY_OPTIONS: ChannelOptions = {
  datasets: ['system.security'],
  fields: {
    ProcessName: 'process.executable',
    ProcessId: 'process.pid',
    IpAddress: 'source.ip',
    IpPort: 'source.port',
    WorkstationName: 'source.domain',
    // 4688: moved to ECS (CommandLine is copied and stays in event data as well).
    NewProcessName: 'process.executable',
    NewProcessId: 'process.pid',
    ParentProcessName: 'process.parent.executable',
  },
  types: { 'process.pid': 'number', 'source.port': 'number' },
  basenames: [{ field: 'process.name', of: 'ProcessName', separator: '\\' }],
};

/**
 * The pipeline's event.action (read as the event ids it stands for), named logon type and event.outcome (the
 * record's audit keyword: `Audit Success` success, `Audit Failure` failure), read back only.
 */
const securityCopies = (category?: string): NonNullable<CategoryModel['copies']> => ({
  'event.action': { field: 'EventID', values: actionIds(category) },
  'winlog.logon.type': { field: 'LogonType', values: LOGON_TYPES },
  'event.outcome': {
    field: 'Keywords',
    values: [
      { hub: '0x8020000000000000', model: ['success'] },
      { hub: '0x8010000000000000', model: ['failure'] },
    ],
  },
});

const security: CategoryModel = {
  ...service('security', ['Security'], SECURITY_OPTIONS),
  copies: securityCopies(),
};

/**
 * The user the pipeline copies to `user.*` on logon events (4624, 4625, 4634, 4647, Kerberos 4768–4771, 4776):
 * the target account, its name cut at an `@` (Kerberos events write `user@REALM`). 4648 names its subject
 * there instead and 4778/4779 their AccountName: said wherever a rule reads the name.
 */
const LOGON_USER: Record<string, string> = {
  'user.name': 'TargetUserName',
  'user.domain': 'TargetDomainName',
  'user.id': 'TargetUserSid',
};

/** Account-management, policy and task events (4697–47xx, 4781, 4798, 4817, 49xx): the subject is `user.*`. */
const SUBJECT_USER: Record<string, string> = {
  'user.name': 'SubjectUserName',
  'user.domain': 'SubjectDomainName',
  'user.id': 'SubjectUserSid',
};

/**
 * Elastic's Windows rules read Security events through the EQL categories the pipeline gives them (`iam where
 * host.os.type == "windows" and event.action == "added-member-to-group"`). These entries only read such
 * queries, as windows/security rules whose EventID is restated as the category's ids (`when`), unless the
 * rule already names some of them; a windows/security rule is written through the entry above. They state the
 * Security channel, which Elastic's rules leave to their index patterns (said where read), and so rank after
 * the cloud entries of the same categories for a query that names neither a host nor a data stream.
 */
const securityCategory = (
  category: string,
  user: Record<string, string>,
  extra: Partial<CategoryModel> = {},
): CategoryModel => {
  const base = service('security', ['Security'], SECURITY_OPTIONS);
  return {
    ...base,
    source: { ...base.source, eqlCategory: category },
    when: { field: 'EventID', values: actionsOf(category).flatMap(([, , ids]) => ids) },
    copies: { ...securityCopies(category), ...user, ...extra.copies },
    ...(extra.fieldNotes ? { fieldNotes: extra.fieldNotes } : {}),
  };
};

const SECURITY_CATEGORIES: CategoryModel[] = [
  securityCategory('authentication', LOGON_USER, {
    fieldNotes: {
      TargetUserName: {
        fidelity: 'narrower',
        message:
          "the System integration's user.name holds TargetUserName cut at an '@' (Kerberos events' user@REALM), and on 4648 and 4778/4779 another account (SubjectUserName, AccountName): a test of it is read as one of TargetUserName",
      },
    },
  }),
  // Group events (4727–4764, 4799) also name the group, TargetUserName/TargetSid, as group.*.
  securityCategory('iam', SUBJECT_USER, {
    copies: { 'group.name': 'TargetUserName', 'group.id': 'TargetSid' },
  }),
  securityCategory('configuration', SUBJECT_USER),
];

/**
 * Application log: most providers (MSSQL, MsiInstaller, ESENT, Windows Error Reporting …) write unnamed data
 * items, Sigma's Data, which Winlogbeat names param1, param2, … (Elastic's own Quick Assist rule reads
 * `winlog.event_data.param1`); Application Error (1000) names its items, mapped by name.
 */
const application = service('application', ['Application'], {
  datasets: ['system.application'],
  prefix: null,
  positions: UNNAMED_DATA,
  fields: eventData([
    'AppName',
    'AppVersion',
    'AppTimeStamp',
    'ModuleName',
    'ModuleVersion',
    'ModuleTimeStamp',
    'ExceptionCode',
    'FaultingOffset',
    'ProcessId',
    'ProcessCreationTime',
    'AppPath',
    'ModulePath',
    'IntegratorReportId',
    'PackageFullName',
    'PackageRelativeAppId',
  ]),
});

/**
 * Winlogbeat writes Defender's spaced item names with underscores; the windows_defender pipeline moves
 * Process Name to process.executable (to process.name for 1126) and the command lines to process.*.
 */

const windefend = service('windefend', ['Microsoft-Windows-Windows Defender/Operational'], {
  datasets: ['windows.windows_defender'],
  fields: {
    ...Object.fromEntries(
      DEFENDER_DATA_NAMES.map((n) => [sigmaName(n), `winlog.event_data.${n.replace(/\s+/g, '_')}`]),
    ),
    ProcessName: 'process.executable',
    TargetCommandline: 'process.command_line',
    ParentCommandline: 'process.parent.command_line',
  },
  basenames: [{ field: 'process.name', of: 'ProcessName', separator: '\\' }],
});

const USER_DATA = 'winlog.user_data.';

/**
 * Zero Networks' RPC Firewall logs each audited call to its own event log, RPCFW (event 3, RPC_SERVER_CALL),
 * as classic ReportEvent inserts without names, which Winlogbeat (the custom Windows event log integration)
 * calls param1…: its message template (rpcMessages/Messages.mc) puts InterfaceUuid in the 7th and OpNum in the
 * 8th. Sigma's EventLog is the log's name.
 */
const rpcFirewall: CategoryModel = {
  logsource: { category: 'application', product: 'rpc_firewall' },
  source: { eqlCategory: 'any', where: [WINDOWS, channel('RPCFW')] },
  fields: {
    ...HEADER,
    EventLog: 'winlog.channel',
    // The two items Sigma's rules name; the others have no Sigma name.
    InterfaceUuid: 'winlog.event_data.param7',
    OpNum: 'winlog.event_data.param8',
  },
  values: HEADER_VALUES,
  types: { ...HEADER_TYPES, ...textTypes('winlog.event_data.', ['param8']) },
  keyAliases: HOST_KEYS,
  keywordField: 'message',
};

export const ECS_WINDOWS_CATEGORIES: CategoryModel[] = [
  security,
  ...SECURITY_CATEGORIES,
  // System log. Event 104 (a log cleared) names the cleared log in its UserData as Channel, which is what
  // Sigma's rules on this service mean by Channel; Winlogbeat keeps it as winlog.user_data.Channel, while the
  // record's own channel, System, is winlog.channel.
  service('system', ['System'], {
    datasets: ['system.system'],
    fields: { Channel: `${USER_DATA}Channel` },
  }),
  application,
  windefend,
  rpcFirewall,
  // The Sysmon channel as a whole, through the Sysmon pipeline: every item of every event id, no others.
  {
    logsource: { product: 'windows', service: 'sysmon' },
    source: {
      eqlCategory: 'any',
      where: [WINDOWS, channel(SYSMON_CHANNEL)],
      recognised: [dataset(['windows.sysmon_operational'])],
    },
    fields: { ...SYSMON_COMMON, ...SYSMON_ALL },
    values: { ...HEADER_VALUES, IsExecutable: BOOLEAN, Archived: BOOLEAN },
    types: SYSMON_TYPES,
    keyAliases: HOST_KEYS,
  },
  // PowerShell module logging (4103) and the classic engine/provider/pipeline events (400, 600, 800): before
  // the services of their channels, so that a query naming the event id reads back as the category.
  powershellEvents('ps_module', POWERSHELL_CHANNELS, [4103], POWERSHELL_OPERATIONAL),
  powershellEvents('ps_classic_start', [CLASSIC_CHANNEL], [400], CLASSIC_DATA),
  powershellEvents('ps_classic_provider_start', [CLASSIC_CHANNEL], [600], CLASSIC_DATA),
  // 800's details are spread over its three unnamed items: Data is any of them.
  powershellEvents('ps_classic_script', [CLASSIC_CHANNEL], [800], {}, CLASSIC_ITEMS),
  service('powershell', POWERSHELL_CHANNELS, {
    datasets: ['windows.powershell_operational'],
    prefix: null,
    fields: POWERSHELL_OPERATIONAL,
    caveat: POWERSHELL_TEXT_CAVEAT,
  }),
  service('powershell-classic', [CLASSIC_CHANNEL], {
    datasets: ['windows.powershell'],
    prefix: null,
    positions: CLASSIC_ITEMS,
    caveat: POWERSHELL_TEXT_CAVEAT,
  }),
  // Channels no Elastic pipeline processes (collected by the custom Windows event log integration or
  // Winlogbeat's event_logs): the header and EventData items exactly as Winlogbeat writes them.
  service('codeintegrity-operational', ['Microsoft-Windows-CodeIntegrity/Operational']),
  service('firewall-as', ['Microsoft-Windows-Windows Firewall With Advanced Security/Firewall']),
  service('bits-client', ['Microsoft-Windows-Bits-Client/Operational']),
  service('appxdeployment-server', ['Microsoft-Windows-AppXDeploymentServer/Operational']),
  service('appxpackaging-om', ['Microsoft-Windows-AppxPackaging/Operational']),
  service('appmodel-runtime', ['Microsoft-Windows-AppModel-Runtime/Admin']),
  service('application-experience', [
    'Microsoft-Windows-Application-Experience/Program-Telemetry',
    'Microsoft-Windows-Application-Experience/Program-Compatibility-Assistant',
  ]),
  // AppLocker writes its items as UserData (the applocker_* pipelines read winlog.user_data.*).
  service(
    'applocker',
    [
      'Microsoft-Windows-AppLocker/MSI and Script',
      'Microsoft-Windows-AppLocker/EXE and DLL',
      'Microsoft-Windows-AppLocker/Packaged app-Deployment',
      'Microsoft-Windows-AppLocker/Packaged app-Execution',
    ],
    { prefix: USER_DATA },
  ),
  service('bitlocker', ['Microsoft-Windows-BitLocker/BitLocker Management']),
  service('capi2', ['Microsoft-Windows-CAPI2/Operational']),
  service('certificateservicesclient-lifecycle-system', [
    'Microsoft-Windows-CertificateServicesClient-Lifecycle-System/Operational',
  ]),
  service('dhcp', ['Microsoft-Windows-DHCP-Server/Operational']),
  service('diagnosis-scripted', ['Microsoft-Windows-Diagnosis-Scripted/Operational']),
  service('dns-client', ['Microsoft-Windows-DNS Client Events/Operational']),
  service('dns-server', ['DNS Server']),
  service('dns-server-analytic', ['Microsoft-Windows-DNS-Server/Analytical']),
  service('dns-server-audit', ['Microsoft-Windows-DNS-Server/Audit']),
  // The user-mode driver framework writes its items as UserData.
  service('driver-framework', ['Microsoft-Windows-DriverFrameworks-UserMode/Operational'], {
    prefix: USER_DATA,
  }),
  service('iis-configuration', ['Microsoft-IIS-Configuration/Operational']),
  service('kernel-shimengine', [
    'Microsoft-Windows-Kernel-ShimEngine/Operational',
    'Microsoft-Windows-Kernel-ShimEngine/Diagnostic',
  ]),
  // Sigma's rules say `ldap`, pySigma `ldap_debug`: the same ETW debug channel.
  service('ldap', ['Microsoft-Windows-LDAP-Client/Debug']),
  service('ldap_debug', ['Microsoft-Windows-LDAP-Client/Debug']),
  service('lsa-server', ['Microsoft-Windows-LSA/Operational']),
  // Exchange's management log writes unnamed data items (the cmdlet and its parameters), Sigma's Data: no
  // prefix, as for the Application log.
  service('msexchange-management', ['MSExchange Management'], { prefix: null, positions: UNNAMED_DATA }),
  service('ntfs', ['Microsoft-Windows-Ntfs/Operational']),
  service('ntlm', ['Microsoft-Windows-NTLM/Operational']),
  service('openssh', ['OpenSSH/Operational']),
  service('printservice-admin', ['Microsoft-Windows-PrintService/Admin']),
  service('printservice-operational', ['Microsoft-Windows-PrintService/Operational']),
  service('security-mitigations', [
    'Microsoft-Windows-Security-Mitigations/Kernel Mode',
    'Microsoft-Windows-Security-Mitigations/User Mode',
  ]),
  service('sense', ['Microsoft-Windows-SENSE/Operational']),
  // The taxonomy's name, and the older one Sigma's rules still use.
  service('servicebus-client', [
    'Microsoft-ServiceBus-Client/Operational',
    'Microsoft-ServiceBus-Client/Admin',
  ]),
  service('microsoft-servicebus-client', [
    'Microsoft-ServiceBus-Client/Operational',
    'Microsoft-ServiceBus-Client/Admin',
  ]),
  service('shell-core', ['Microsoft-Windows-Shell-Core/Operational']),
  service('smbclient-security', ['Microsoft-Windows-SmbClient/Security']),
  service('smbclient-connectivity', ['Microsoft-Windows-SmbClient/Connectivity']),
  service('taskscheduler', ['Microsoft-Windows-TaskScheduler/Operational']),
  // Session events (21–25, 39, 40) write their items (User, SessionID, Address) as UserData.
  service(
    'terminalservices-localsessionmanager',
    ['Microsoft-Windows-TerminalServices-LocalSessionManager/Operational'],
    { prefix: USER_DATA },
  ),
  service('vhdmp', ['Microsoft-Windows-VHDMP/Operational']),
  // WMI-Activity's events (5857–5861) write their items as UserData.
  service('wmi', ['Microsoft-Windows-WMI-Activity/Operational'], { prefix: USER_DATA }),
  ...SYSMON_CATEGORIES,
  SYSMON_IMAGE_LOAD,
  DEFEND_DRIVER_LOAD,
  // Process exit: Elastic Defend, the Sysmon integration (5) and the Security pipeline (4689) all write
  // `event.type: end` in category process.
  {
    logsource: { category: 'process_termination', product: 'windows' },
    source: {
      eqlCategory: 'process',
      where: [WINDOWS, { field: 'event.type', values: ['end'], cased: true }],
    },
    fields: { ...SYSMON_PROCESS, Computer: 'host.name' },
    types: { 'process.pid': 'number' },
    basenames: [imageBasename],
    keyAliases: { 'host.id': 'Computer' },
  },
  // A file opened (Sigma's source is the Kernel-File ETW provider, FileName the file's path): Elastic Defend's
  // `open` events, which it writes for the files it watches only.
  {
    logsource: { category: 'file_access', product: 'windows' },
    source: {
      eqlCategory: 'file',
      where: [WINDOWS, { field: 'event.action', values: ['open'], cased: true }],
    },
    caveat: {
      fidelity: 'narrower',
      message:
        'Elastic Defend reports file opens only for the files it watches (credential stores, registry hives, browser data), not every open the Kernel-File provider logs',
    },
    fields: { ...SYSMON_PROCESS, FileName: 'file.path', Computer: 'host.name' },
    types: { 'process.pid': 'number' },
    basenames: [imageBasename, { field: 'file.name', of: 'FileName', separator: '\\' }],
    keyAliases: { 'host.id': 'Computer' },
  },
  // A file renamed: Sysmon has no such event (Sigma's source is the Kernel-File ETW provider); Elastic Defend
  // writes one, with the old path in file.Ext.original.path. Defend's renames, modifications and overwrites are
  // all `event.type: change` (as on Linux and macOS): a query that says only that reads as renames, the one of
  // them with a Sigma log source, and is told it reads only those (mapping/narrower-source).
  {
    logsource: { category: 'file_rename', product: 'windows' },
    source: {
      eqlCategory: 'file',
      where: [WINDOWS, { field: 'event.action', values: ['rename'], cased: true }],
      recognised: [{ field: 'event.type', values: ['change'], cased: true }],
    },
    fields: {
      ...SYSMON_PROCESS,
      TargetFilename: 'file.path',
      SourceFilename: 'file.Ext.original.path',
      Computer: 'host.name',
    },
    types: { 'process.pid': 'number' },
    basenames: [
      imageBasename,
      targetBasename,
      targetExtension,
      { field: 'file.Ext.original.name', of: 'SourceFilename', separator: '\\' },
    ],
    keyAliases: { 'host.id': 'Computer' },
  },
  // A file overwritten, as Elastic Defend writes it (`event.action: overwrite`, `event.type: change`): Sysmon's
  // event 11, Sigma's file_event, is logged when a file is created or overwritten, so these are file_event's
  // events. Read only, after the creations' entry (ecs.ts), through which hub rules are written.
  {
    logsource: { category: 'file_event', product: 'windows' },
    source: {
      eqlCategory: 'file',
      where: [WINDOWS, { field: 'event.action', values: ['overwrite'], cased: true }],
      recognised: [{ field: 'event.type', values: ['change'], cased: true }],
    },
    caveat: {
      fidelity: 'narrower',
      message:
        "Elastic Defend's overwrite events are the files Sysmon's FileCreate logs as overwritten; the file_event log source also has the files created new",
    },
    fields: { ...SYSMON_PROCESS, TargetFilename: 'file.path', Computer: 'host.name' },
    types: { 'process.pid': 'number' },
    basenames: [imageBasename, targetBasename, targetExtension],
    keyAliases: { 'host.id': 'Computer' },
  },
  // A file deleted, as Elastic Defend writes it (`event.type: deletion`, action `deletion`): read only, after
  // Sysmon's event 23 (above), through which hub rules are written.
  {
    logsource: { category: 'file_delete', product: 'windows' },
    source: {
      eqlCategory: 'file',
      where: [WINDOWS, { field: 'event.type', values: ['deletion'], cased: true }],
      recognised: [{ field: 'event.action', values: ['deletion'], cased: true, insteadOf: 'event.type' }],
    },
    fields: { ...SYSMON_PROCESS, TargetFilename: 'file.path', Computer: 'host.name' },
    types: { 'process.pid': 'number' },
    basenames: [imageBasename, targetBasename, targetExtension],
    keyAliases: { 'host.id': 'Computer' },
  },
];
