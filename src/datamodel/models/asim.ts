import type { CategoryModel, DataModel, SelectorCondition, ValueRewrite } from '../types.js';
import { REGISTRY_EVENT_TYPES } from './sentinel-windows.js';

/**
 * Microsoft Sentinel's Advanced Security Information Model: normalised schemas read through parser functions
 * (`imProcessCreate`, `imNetworkSession`, `imDns` …) whatever the source product. Every column is one the
 * ASIM function returns (checked against the function declarations in kql-schema/sentinel-schema.json); the
 * semantics follow the ASIM schemas and Microsoft's own parsers (Azure-Sentinel `Parsers/ASim*`): the acting
 * process is the one that did the deed (Sysmon's parent for a process creation, its Image elsewhere), the
 * parent process is the acting process's parent, Src is the side that opened a session.
 *
 * Each entry is written with the unifying parser (`im…`); the built-in unifying parsers (`_Im_…`) and the
 * parameterless ones (`ASim…`, `_ASim_…`) read the same rows and are recognised too (without arguments only: a
 * parser's filtering parameters are conditions this model does not read).
 */

type Os = 'windows' | 'linux' | 'macos';

/** The separator of a path on each operating system. */
const SEPARATOR: Record<Os, string> = { windows: '\\', linux: '/', macos: '/' };

/**
 * What the ASIM parsers write in DvcOs for each operating system: a query that says it reads only one
 * platform's events (`DvcOs == "Linux"`) is a rule of that product.
 */
const DVC_OS: Record<Os, string> = { windows: 'Windows', linux: 'Linux', macos: 'macOS' };

const OTHERS: Record<Os, string> = {
  windows: 'Linux and macOS',
  linux: 'Windows and macOS',
  macos: 'Windows and Linux',
};

const platform = (os: Os): SelectorCondition[] => [{ field: 'DvcOs', values: [DVC_OS[os]], cased: false }];

/** A unifying parser reads every source of its schema, whatever the device's operating system. */
const everyPlatform = (fn: string, os: Os, what: string): NonNullable<CategoryModel['caveat']> => ({
  fidelity: 'broader',
  message: `${fn} unifies the ${what} of every source ASIM parses, ${OTHERS[os]} devices' included (DvcOs, where a parser sets it, says which)`,
});

/** Sysmon writes a Windows account as DOMAIN\user; ASIM keeps each source's own form. */
const usernameNote = (column: string): { fidelity: 'narrower'; message: string } => ({
  fidelity: 'narrower',
  message:
    `${column} is written as each source writes it (${column}Type says which form): DOMAIN\\user from Sysmon ` +
    "and Defender, the name alone where a source gives no domain (the Security log's '-' domain, Linux), a UPN " +
    "from cloud sources: a value in Sysmon's DOMAIN\\user form finds only the events of sources that write it so",
});

/** Sysmon's Computer is the host's FQDN; parsers that follow the schema write the name without its domain. */
const HOSTNAME_NOTE = {
  fidelity: 'narrower' as const,
  message:
    "DvcHostname holds the host name without its domain where the parser follows the schema (Defender's; the " +
    "FQDN is in DvcFQDN), where Sysmon's Computer is the host's full name: a test of the domain part finds only " +
    'the events of parsers that keep it (Sysmon, the Security log)',
};

/** ASIM's aliases of a field: columns every parser sets to the same value (`Process` of TargetProcessName). */
type Copies = NonNullable<CategoryModel['copies']>;

// ---------------------------------------------------------------------------------------------------------
// Process creation (ProcessEvent schema)

/**
 * Sysmon 1 / Security 4688 as ASIM process-creation rows: the target process is the one created, the acting
 * process is its creator (Sysmon's ParentImage), and ParentProcess* is the acting process's own parent
 * (Sysmon's grandparent): Microsoft's Sysmon, Security-log and Defender parsers all read the events so.
 */
const processCreation = (os: Os, fn = 'imProcessCreate'): CategoryModel => ({
  logsource: { category: 'process_creation', product: os },
  // imProcessCreate returns only EventType ProcessCreated rows.
  source: { function: fn, where: [], recognised: platform(os) },
  caveat: everyPlatform(fn, os, 'process creations'),
  fields: {
    Image: 'TargetProcessName',
    CommandLine: 'TargetProcessCommandLine',
    CurrentDirectory: 'TargetProcessCurrentDirectory',
    ProcessId: 'TargetProcessId',
    User: 'TargetUsername',
    LogonId: 'TargetUserSessionId',
    ParentImage: 'ActingProcessName',
    ParentCommandLine: 'ActingProcessCommandLine',
    ParentProcessId: 'ActingProcessId',
    ParentUser: 'ActorUsername',
    GrandParentImage: 'ParentProcessName',
    Computer: 'DvcHostname',
    ...(os === 'windows'
      ? {
          OriginalFileName: 'TargetProcessFileOriginalName',
          Description: 'TargetProcessFileDescription',
          Product: 'TargetProcessFileProduct',
          Company: 'TargetProcessFileCompany',
          FileVersion: 'TargetProcessFileVersion',
          IntegrityLevel: 'TargetProcessIntegrityLevel',
        }
      : {}),
    md5: 'TargetProcessMD5',
    sha1: 'TargetProcessSHA1',
    sha256: 'TargetProcessSHA256',
    Imphash: 'TargetProcessIMPHASH',
  },
  copies: { Process: 'Image', CommandLine: 'CommandLine', User: 'User', Dvc: 'Computer' },
  fieldNotes: {
    ...(os === 'windows'
      ? {
          User: usernameNote('TargetUsername'),
          ParentUser: usernameNote('ActorUsername'),
          IntegrityLevel: {
            fidelity: 'narrower' as const,
            message:
              "TargetProcessIntegrityLevel is written as each source writes it (Sysmon's and Defender's Medium, " +
              'High, System; other parsers may keep a mandatory-label SID or text): a Sysmon value finds only the ' +
              'events of sources that write it so',
          },
          LogonId: {
            fidelity: 'narrower' as const,
            message:
              "TargetUserSessionId holds Sysmon's hexadecimal logon id (0x3e7) but Defender's decimal one (999): a " +
              'Sysmon value finds only the events of sources that write it so',
          },
        }
      : {}),
    Computer: HOSTNAME_NOTE,
    GrandParentImage: {
      fidelity: 'narrower',
      message:
        "ParentProcessName is set by some parsers only, and Defender's holds the file name without its path: a " +
        'test of the path finds only the events of parsers that keep it',
    },
  },
  basenames: [
    { field: 'TargetProcessFilename', of: 'Image', separator: SEPARATOR[os] },
    { field: 'ActingProcessFilename', of: 'ParentImage', separator: SEPARATOR[os] },
  ],
  // ASIM keeps process and session ids as text.
  types: {
    TargetProcessId: 'string',
    ActingProcessId: 'string',
    TargetUserSessionId: 'string',
  },
});

/**
 * The same rows read through the parsers of every process event (creations and terminations): a query on
 * them says EventType ProcessCreated, or reads terminations too.
 */
const processEvents = (os: Os, fn: string): CategoryModel => {
  const entry = processCreation(os, fn);
  return {
    ...entry,
    source: {
      function: fn,
      where: [{ field: 'EventType', values: ['ProcessCreated'], cased: true }],
      recognised: platform(os),
    },
  };
};

// ---------------------------------------------------------------------------------------------------------
// Network sessions (NetworkSession schema)

/** Sysmon's Initiated is ASIM's direction of the session relative to the reporting device. */
const DIRECTION: ValueRewrite[] = [
  { hub: 'true', model: ['Outbound'] },
  { hub: 'false', model: ['Inbound'] },
];

/** Sysmon's source is the side that opened the connection, as ASIM's Src is (its parsers map it so). */
const NETWORK_ENDS: Record<string, string> = {
  SourceIp: 'SrcIpAddr',
  SourcePort: 'SrcPortNumber',
  SourceHostname: 'SrcHostname',
  DestinationIp: 'DstIpAddr',
  DestinationPort: 'DstPortNumber',
  DestinationHostname: 'DstHostname',
  Protocol: 'NetworkProtocol',
  DestinationIsIpv6: 'NetworkProtocolVersion',
  Initiated: 'NetworkDirection',
  Computer: 'DvcHostname',
};

const NETWORK_TYPES = { SrcPortNumber: 'number', DstPortNumber: 'number' } as const;

const DESTINATION_HOSTNAME_NOTE = {
  fidelity: 'narrower' as const,
  message:
    "DstHostname holds the name without its domain where the parser follows the schema (Defender's, Squid's; " +
    "the full name is in DstFQDN), where Sysmon's parser keeps DestinationHostname whole: a test of the domain " +
    "finds only the events of Sysmon's parser",
};

/** Defender's parser names the process by its file name alone. */
const PROCESS_NAME_ONLY =
  "Defender's parser writes the process's file name without its path, so a test of the path finds only the " +
  "events of Sysmon's parsers";

/**
 * Sysmon 3 as ASIM network sessions: the local process is the source of an outbound connection and the
 * destination of an inbound one (so Microsoft's Sysmon and Defender parsers write it). With the direction
 * stated (`Initiated`), the entry for it reads the process from the right end.
 */
const networkConnection = (os: Os, direction?: 'Outbound' | 'Inbound'): CategoryModel => {
  const end = direction === 'Inbound' ? 'Dst' : 'Src';
  return {
    logsource: { category: 'network_connection', product: os },
    ...(direction
      ? { when: { field: 'Initiated', values: [direction === 'Outbound' ? 'true' : 'false'] } }
      : {}),
    source: {
      function: 'imNetworkSession',
      where: direction ? [{ field: 'NetworkDirection', values: [direction], cased: false }] : [],
      recognised: platform(os),
    },
    caveat: {
      fidelity: 'broader',
      message:
        "imNetworkSession unifies every source's network sessions: firewall, flow and proxy logs as well as " +
        `endpoint connections, and ${OTHERS[os]} devices' (DvcOs, where a parser sets it, says which); a rule ` +
        'that tests only addresses and ports also reads them',
    },
    fields: {
      Image: `${end}ProcessName`,
      ProcessId: `${end}ProcessId`,
      User: `${end}Username`,
      ...NETWORK_ENDS,
    },
    values: {
      Initiated: DIRECTION,
      DestinationIsIpv6: [
        { hub: 'true', model: ['IPv6'] },
        { hub: 'false', model: ['IPv4'] },
      ],
    },
    copies: { Dvc: 'Computer' },
    fieldNotes: {
      Image: {
        fidelity: 'narrower',
        message: direction
          ? PROCESS_NAME_ONLY
          : 'ASIM keeps the local process in SrcProcessName for outbound connections and in DstProcessName for ' +
            'inbound ones; a rule that does not say the direction (Initiated) reads SrcProcessName, so finds the ' +
            `process of outbound connections only. ${PROCESS_NAME_ONLY}`,
      },
      ...(os === 'windows' ? { User: usernameNote(`${end}Username`) } : {}),
      DestinationHostname: DESTINATION_HOSTNAME_NOTE,
      Computer: HOSTNAME_NOTE,
    },
    types: { ...NETWORK_TYPES, [`${end}ProcessId`]: 'string' },
  };
};

/**
 * Sigma's generic firewall log source (src_ip, dst_port …): ASIM's network sessions are what firewalls report.
 * First among the imNetworkSession entries, so a query that names no process or direction reads as one.
 */
const FIREWALL: CategoryModel = {
  logsource: { category: 'firewall' },
  source: { function: 'imNetworkSession', where: [] },
  caveat: {
    fidelity: 'broader',
    message:
      "imNetworkSession unifies every source's network sessions, endpoints' connections (Sysmon, Defender) " +
      'as well as firewalls',
  },
  fields: {
    src_ip: 'SrcIpAddr',
    src_port: 'SrcPortNumber',
    dst_ip: 'DstIpAddr',
    dst_port: 'DstPortNumber',
  },
  types: NETWORK_TYPES,
};

// ---------------------------------------------------------------------------------------------------------
// File events (FileEvent schema)

/** ASIM's FileEvent aliases. */
const FILE_COPIES: Copies = { FilePath: 'TargetFilename', Process: 'Image', User: 'User', Dvc: 'Computer' };

/**
 * Sysmon 11, 23/26 and Defender's file rows as ASIM file events: the acting process is the one that wrote or
 * deleted the file; EventType says what happened (Microsoft's Sysmon parser: 11 FileCreated, 23 and 26
 * FileDeleted).
 */
const fileEvent = (category: string, os: Os, eventType: string, renamed = false): CategoryModel => ({
  logsource: { category, product: os },
  source: {
    function: 'imFileEvent',
    where: [{ field: 'EventType', values: [eventType], cased: true }],
    recognised: platform(os),
  },
  caveat: everyPlatform('imFileEvent', os, `${eventType} file events`),
  fields: {
    TargetFilename: 'TargetFilePath',
    ...(renamed ? { SourceFilename: 'SrcFilePath' } : {}),
    Image: 'ActingProcessName',
    CommandLine: 'ActingProcessCommandLine',
    ProcessId: 'ActingProcessId',
    User: 'ActorUsername',
    Computer: 'DvcHostname',
  },
  copies: FILE_COPIES,
  fieldNotes: {
    ...(os === 'windows' ? { User: usernameNote('ActorUsername') } : {}),
    Computer: HOSTNAME_NOTE,
  },
  basenames: [
    { field: 'TargetFileName', of: 'TargetFilename', separator: SEPARATOR[os] },
    { field: 'FileName', of: 'TargetFilename', separator: SEPARATOR[os] },
    ...(renamed ? [{ field: 'SrcFileName', of: 'SourceFilename', separator: SEPARATOR[os] }] : []),
  ],
  types: { ActingProcessId: 'string' },
});

// ---------------------------------------------------------------------------------------------------------
// Registry events (RegistryEvent schema)

// The spellings differ whichever way a rule goes: a hub rule with the model's spellings finds nothing in Sysmon's.
const REGISTRY_CAVEAT = {
  fidelity: 'narrower' as const,
  read: 'narrower' as const,
  message:
    "ASIM splits Sysmon's TargetObject: RegistryKey holds the key without the value name (that is in " +
    'RegistryValue), with the hive spelled in full (HKEY_LOCAL_MACHINE\\…, HKEY_USERS\\… where Sysmon writes ' +
    "HKLM\\…, HKU\\…), and RegistryValueData is written as each source writes it (Sysmon's DWORD (0x00000001), " +
    "Defender's 1): tests of the value name at the end of TargetObject, of an abbreviated hive or of such " +
    'Details match nothing',
};

/** Sysmon 12–14 as ASIM registry events of the given EventTypes (all of them: no selector). */
const registry = (category: string, eventTypes: string[] | null, withData: boolean): CategoryModel => ({
  logsource: { category, product: 'windows' },
  source: {
    function: 'imRegistry',
    where: eventTypes ? [{ field: 'EventType', values: eventTypes, cased: true }] : [],
  },
  caveat: REGISTRY_CAVEAT,
  fields: {
    TargetObject: 'RegistryKey',
    ...(withData ? { Details: 'RegistryValueData' } : {}),
    EventType: 'EventType',
    Image: 'ActingProcessName',
    ProcessId: 'ActingProcessId',
    User: 'ActorUsername',
    Computer: 'DvcHostname',
  },
  values: { EventType: REGISTRY_EVENT_TYPES },
  copies: { Process: 'Image', User: 'User', Dvc: 'Computer' },
  fieldNotes: { User: usernameNote('ActorUsername'), Computer: HOSTNAME_NOTE },
  types: { ActingProcessId: 'string' },
});

// ---------------------------------------------------------------------------------------------------------
// DNS (Dns schema)

/** ASIM's Dns alias of DnsQuery. */
const DNS_COPIES: Copies = { Domain: 'QueryName' };

const DNS_SOURCES =
  'imDns unifies every DNS source ASIM parses: DNS servers, firewalls and network sensors as well as ' +
  "endpoints' queries";

/** Sigma's generic DNS log source: queries, whoever logged them. */
const DNS: CategoryModel = {
  logsource: { category: 'dns' },
  // Every imDns row is a query (EventType Query).
  source: { function: 'imDns', where: [] },
  fields: { query: 'DnsQuery' },
  copies: { Domain: 'query' },
};

/**
 * Sysmon 22 as ASIM DNS rows: Microsoft's Sysmon parser writes QueryName to DnsQuery, the querying process's
 * Image to SrcProcessName and its user to SrcUsername.
 */
const DNS_QUERY: CategoryModel = {
  logsource: { category: 'dns_query', product: 'windows' },
  source: { function: 'imDns', where: [], recognised: platform('windows') },
  caveat: { fidelity: 'broader', message: `${DNS_SOURCES}, and Linux and macOS devices'` },
  fields: {
    QueryName: 'DnsQuery',
    QueryResults: 'DnsResponseName',
    Image: 'SrcProcessName',
    ProcessId: 'SrcProcessId',
    User: 'SrcUsername',
    Computer: 'DvcHostname',
  },
  copies: { ...DNS_COPIES, Process: 'Image', User: 'User', Dvc: 'Computer' },
  fieldNotes: { User: usernameNote('SrcUsername'), Computer: HOSTNAME_NOTE },
  types: { SrcProcessId: 'string' },
};

/** Zeek's dns.log, which Microsoft's Corelight Zeek parser reads. */
const ZEEK_DNS: CategoryModel = {
  logsource: { product: 'zeek', service: 'dns' },
  source: { function: 'imDns', where: [] },
  caveat: { fidelity: 'broader', message: `${DNS_SOURCES}, not Zeek's alone` },
  fields: {
    query: 'DnsQuery',
    qtype_name: 'DnsQueryTypeName',
    rcode_name: 'DnsResponseCodeName',
    'id.orig_h': 'SrcIpAddr',
    'id.orig_p': 'SrcPortNumber',
    'id.resp_h': 'DstIpAddr',
    'id.resp_p': 'DstPortNumber',
  },
  copies: { Domain: 'query' },
  types: NETWORK_TYPES,
};

// ---------------------------------------------------------------------------------------------------------
// Web sessions (WebSession schema)

/**
 * ASIM's Url is the whole request URL (IIS's parser builds scheme, host, path and query; Apache's keeps the
 * request line's path and query); Sigma's W3C fields name its parts.
 */
const urlPart = (part: string): { fidelity: 'broader'; message: string } => ({
  fidelity: 'broader',
  message:
    `Url holds the whole request URL, where ${part} is one part of it: a value looked for in it is also found ` +
    'in the rest of the URL (an exact value or a start of the part alone finds nothing)',
});

const WEB_TYPES = { HttpStatusCode: 'string', SrcPortNumber: 'number', DstPortNumber: 'number' } as const;

/**
 * Web server access logs (IIS, Apache …): ASIM's parsers of web servers write EventType WebServerSession
 * (proxies and firewalls write HTTPsession).
 */
const WEBSERVER: CategoryModel = {
  logsource: { category: 'webserver' },
  source: {
    function: 'imWebSession',
    where: [{ field: 'EventType', values: ['WebServerSession'], cased: true }],
  },
  fields: {
    'cs-uri': 'Url',
    'cs-uri-query': 'Url',
    'cs-uri-stem': 'Url',
    'cs-method': 'HttpRequestMethod',
    'sc-status': 'HttpStatusCode',
    'cs-user-agent': 'HttpUserAgent',
    'cs-referer': 'HttpReferrer',
    'cs-cookie': 'HttpCookie',
    'cs-host': 'HttpHost',
    'cs-username': 'SrcUsername',
    'c-ip': 'SrcIpAddr',
    's-ip': 'DstIpAddr',
    's-port': 'DstPortNumber',
  },
  copies: { UserAgent: 'cs-user-agent' },
  fieldNotes: { 'cs-uri-query': urlPart('the query'), 'cs-uri-stem': urlPart('the path') },
  types: WEB_TYPES,
};

/** Proxy logs: ASIM's proxy and web-gateway parsers write EventType HTTPsession, Url the full URL. */
const PROXY: CategoryModel = {
  logsource: { category: 'proxy' },
  source: {
    function: 'imWebSession',
    where: [{ field: 'EventType', values: ['HTTPsession'], cased: true }],
  },
  caveat: {
    fidelity: 'broader',
    message:
      "imWebSession's HTTPsession rows come from firewalls that inspect HTTP as well as from proxies and web " +
      'gateways',
  },
  fields: {
    'c-uri': 'Url',
    'cs-uri': 'Url',
    'c-uri-query': 'Url',
    'c-uri-stem': 'Url',
    'cs-uri-query': 'Url',
    'cs-uri-stem': 'Url',
    'c-useragent': 'HttpUserAgent',
    'cs-method': 'HttpRequestMethod',
    'sc-status': 'HttpStatusCode',
    'cs-host': 'HttpHost',
    'cs-referrer': 'HttpReferrer',
    'cs-cookie': 'HttpCookie',
    src_ip: 'SrcIpAddr',
    dst_ip: 'DstIpAddr',
  },
  copies: { UserAgent: 'c-useragent' },
  fieldNotes: {
    'c-uri-query': urlPart('the query'),
    'c-uri-stem': urlPart('the path'),
    'cs-uri-query': urlPart('the query'),
    'cs-uri-stem': urlPart('the path'),
  },
  types: WEB_TYPES,
};

// ---------------------------------------------------------------------------------------------------------

/** The entries as written: the unifying `im…` parsers. */
export const ASIM_WRITTEN_CATEGORIES: CategoryModel[] = [
  ...(['windows', 'linux', 'macos'] as const).map((os) => processCreation(os)),
  FIREWALL,
  ...(['windows', 'linux', 'macos'] as const).flatMap((os) => [
    networkConnection(os, 'Outbound'),
    networkConnection(os, 'Inbound'),
    networkConnection(os),
  ]),
  ...(['windows', 'linux', 'macos'] as const).map((os) => fileEvent('file_event', os, 'FileCreated')),
  fileEvent('file_delete', 'windows', 'FileDeleted'),
  fileEvent('file_delete', 'linux', 'FileDeleted'),
  fileEvent('file_rename', 'windows', 'FileRenamed', true),
  registry('registry_set', ['RegistryValueSet'], true),
  registry('registry_add', ['RegistryKeyCreated'], false),
  registry('registry_delete', ['RegistryKeyDeleted', 'RegistryValueDeleted'], false),
  registry('registry_event', null, true),
  DNS,
  DNS_QUERY,
  ZEEK_DNS,
  WEBSERVER,
  PROXY,
];

/** Other names of each unifying parser, read as it (after it, so never written). */
const ALIASES: Record<string, string[]> = {
  imProcessCreate: ['_Im_ProcessCreate', 'ASimProcessCreate', '_ASim_ProcessCreate'],
  imNetworkSession: ['_Im_NetworkSession', 'ASimNetworkSession', '_ASim_NetworkSession'],
  imFileEvent: ['_Im_FileEvent', 'ASimFileEvent', '_ASim_FileEvent'],
  imRegistry: ['_Im_RegistryEvent', 'ASimRegistry', 'ASimRegistryEvent', '_ASim_RegistryEvent'],
  imDns: ['_Im_Dns', 'ASimDns', '_ASim_Dns'],
  imWebSession: ['_Im_WebSession', 'ASimWebSession', '_ASim_WebSession'],
};

const aliasesOf = (entry: CategoryModel): CategoryModel[] =>
  (ALIASES[entry.source.function ?? ''] ?? []).map((fn) => ({
    ...entry,
    source: { ...entry.source, function: fn },
  }));

/** Parsers of every process event (creations and terminations), read as process creation when they say so. */
const PROCESS_EVENT_PARSERS = [
  'imProcess',
  'imProcessEvent',
  '_Im_ProcessEvent',
  'ASimProcess',
  'ASimProcessEvent',
  '_ASim_ProcessEvent',
];

export const ASIM_MODEL: DataModel = {
  id: 'asim',
  title: 'Microsoft Sentinel ASIM (normalised parser functions)',
  dialect: 'kql',
  categories: [
    ...ASIM_WRITTEN_CATEGORIES,
    ...ASIM_WRITTEN_CATEGORIES.flatMap(aliasesOf),
    ...PROCESS_EVENT_PARSERS.flatMap((fn) =>
      (['windows', 'linux', 'macos'] as const).map((os) => processEvents(os, fn)),
    ),
  ],
};
