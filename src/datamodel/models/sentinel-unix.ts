import type { BasenameField, CategoryModel, SelectorCondition } from '../types.js';
import { ACTOR_KEYS, PROCESS_ROW_KEYS } from './sentinel-windows.js';

/**
 * Linux and macOS, and network, web, proxy, DNS and appliance logs, in Sentinel tables. Every column is one
 * the Log Analytics table reference (or the ASIM schema of a declared `im*` function) lists.
 */

/** Defender's device tables hold every platform's events and have no operating-system column. */
const allPlatforms = (product: 'linux' | 'macos'): CategoryModel['caveat'] => ({
  fidelity: 'broader',
  message: `Defender's device tables hold the events of every platform and have no operating-system column: the query also reads Windows and ${product === 'linux' ? 'macOS' : 'Linux'} devices' events (join DeviceInfo on DeviceId and test OSPlatform to narrow it)`,
});

/** The process that acted, as Defender's file and network tables name it. */
const INITIATING_PROCESS: Record<string, string> = {
  Image: 'InitiatingProcessFolderPath',
  ProcessId: 'InitiatingProcessId',
  User: 'InitiatingProcessAccountName',
  Computer: 'DeviceName',
};
const initiatingName: BasenameField = { field: 'InitiatingProcessFileName', of: 'Image', separator: '/' };

/**
 * Defender for Endpoint on Linux and macOS fills no ProcessUniqueId (Microsoft documents it for Windows devices):
 * a process there is its process id and creation time on one device, as Microsoft's hunting guidance says for
 * non-Windows systems. For join keys only.
 */
/** Process starts reported by Defender for Endpoint on Linux or macOS: FolderPath is the image's full path. */
const processCreation = (product: 'linux' | 'macos'): CategoryModel => ({
  logsource: { category: 'process_creation', product },
  source: { table: 'DeviceProcessEvents', where: [] },
  caveat: allPlatforms(product),
  fields: {
    Image: 'FolderPath',
    CommandLine: 'ProcessCommandLine',
    ParentImage: 'InitiatingProcessFolderPath',
    ParentCommandLine: 'InitiatingProcessCommandLine',
    ProcessId: 'ProcessId',
    ParentProcessId: 'InitiatingProcessId',
    User: 'AccountName',
    LogonId: 'LogonId',
    Computer: 'DeviceName',
    md5: 'MD5',
    sha1: 'SHA1',
    sha256: 'SHA256',
  },
  basenames: [
    { field: 'FileName', of: 'Image', separator: '/' },
    { field: 'InitiatingProcessFileName', of: 'ParentImage', separator: '/' },
  ],
  types: { ProcessId: 'number', InitiatingProcessId: 'number', LogonId: 'number' },
  keyParts: PROCESS_ROW_KEYS,
});

/** DeviceFileEvents rows of one ActionType, as Defender for Endpoint on Linux or macOS reports them. */
const fileRows = (category: string, product: 'linux' | 'macos', action: string): CategoryModel => ({
  logsource: { category, product },
  source: {
    table: 'DeviceFileEvents',
    where: [{ field: 'ActionType', values: [action], cased: true }],
  },
  caveat: allPlatforms(product),
  fields: { ...INITIATING_PROCESS, TargetFilename: 'FolderPath' },
  basenames: [initiatingName, { field: 'FileName', of: 'TargetFilename', separator: '/' }],
  types: { InitiatingProcessId: 'number' },
  keyParts: ACTOR_KEYS,
});

/**
 * Connections, as Defender for Endpoint on Linux or macOS reports them. Its ActionType says the direction:
 * the connections a process made (attempted, succeeded or failed) or the inbound ones it accepted.
 */
const networkConnection = (product: 'linux' | 'macos'): CategoryModel => ({
  logsource: { category: 'network_connection', product },
  source: { table: 'DeviceNetworkEvents', where: [] },
  caveat: allPlatforms(product),
  fields: {
    ...INITIATING_PROCESS,
    Initiated: 'ActionType',
    Protocol: 'Protocol',
    SourceIp: 'LocalIP',
    SourcePort: 'LocalPort',
    DestinationIp: 'RemoteIP',
    DestinationPort: 'RemotePort',
    DestinationHostname: 'RemoteUrl',
  },
  values: {
    Initiated: [
      {
        hub: 'true',
        model: ['ConnectionSuccess', 'ConnectionAttempt', 'ConnectionFailed', 'ConnectionRequest'],
      },
      { hub: 'false', model: ['InboundConnectionAccepted'] },
    ],
  },
  basenames: [initiatingName],
  types: { InitiatingProcessId: 'number', LocalPort: 'number', RemotePort: 'number' },
  keyParts: ACTOR_KEYS,
});

/** Syslog collected by the Azure Monitor agent: the sending program's tag is ProcessName. */
const SYSLOG_FIELDS: Record<string, string> = { Computer: 'Computer' };
const syslogService = (service: string, where: SelectorCondition[]): CategoryModel => ({
  logsource: { product: 'linux', service },
  source: { table: 'Syslog', where },
  fields: SYSLOG_FIELDS,
  // Sigma's rules for these services search the message text.
  keywordField: 'SyslogMessage',
});
const programs = (...values: string[]): SelectorCondition => ({ field: 'ProcessName', values, cased: true });

const syslog: CategoryModel[] = [
  syslogService('auth', [{ field: 'Facility', values: ['auth', 'authpriv'], cased: true }]),
  syslogService('sshd', [programs('sshd')]),
  syslogService('sudo', [programs('sudo')]),
  // Debian tags the cron daemon's messages CRON, Red Hat crond.
  syslogService('cron', [programs('CRON', 'crond', 'cron')]),
  syslogService('vsftpd', [programs('vsftpd')]),
  syslogService('syslog', []),
  // No entry for Linux logs of any service: it would also take auditd's rules, whose records Syslog keeps only
  // as message text.
];

/**
 * IIS access logs (W3C format) collected by the Azure Monitor agent; the W3C field names become camel-cased
 * columns. IIS writes spaces in the user agent and other fields as `+`.
 */
const webserver: CategoryModel = {
  logsource: { category: 'webserver' },
  source: { table: 'W3CIISLog', where: [] },
  caveat: {
    fidelity: 'narrower',
    message:
      'W3CIISLog holds IIS access logs only (Apache and nginx logs go to tables of their own), and IIS writes spaces in logged values such as the user agent as "+"',
  },
  fields: {
    'cs-uri-stem': 'csUriStem',
    'cs-uri-query': 'csUriQuery',
    'cs-method': 'csMethod',
    'sc-status': 'scStatus',
    'sc-substatus': 'scSubStatus',
    'sc-win32-status': 'scWin32Status',
    'cs-user-agent': 'csUserAgent',
    'cs-referer': 'csReferer',
    'cs-username': 'csUserName',
    'cs-host': 'csHost',
    'cs-cookie': 'csCookie',
    'cs-version': 'csVersion',
    'c-ip': 'cIP',
    's-ip': 'sIP',
    's-port': 'sPort',
    's-sitename': 'sSiteName',
    's-computername': 'sComputerName',
    'time-taken': 'TimeTaken',
  },
  types: {
    scStatus: 'string',
    scSubStatus: 'string',
    scWin32Status: 'string',
    sPort: 'number',
    TimeTaken: 'number',
  },
};

/** Web sessions through ASIM's `imWebSession`, which unifies proxies' and web gateways' logs. */
const proxy: CategoryModel = {
  logsource: { category: 'proxy' },
  source: { function: 'imWebSession', where: [] },
  caveat: {
    fidelity: 'broader',
    message:
      'imWebSession unifies every web-session source (proxies, web gateways, web-server and WAF logs): the query reads them all',
  },
  fields: {
    'c-uri': 'Url',
    'cs-host': 'DstHostname',
    'r-dns': 'DstHostname',
    'cs-method': 'HttpRequestMethod',
    'cs-referrer': 'HttpReferrer',
    'cs-version': 'HttpVersion',
    'c-useragent': 'HttpUserAgent',
    'sc-status': 'HttpStatusCode',
    'cs-username': 'SrcUsername',
    src_ip: 'SrcIpAddr',
    dst_ip: 'DstIpAddr',
  },
  types: { HttpStatusCode: 'string' },
};

/** DNS queries through ASIM's `imDns` (Windows DNS server, Sysmon, Zeek, Infoblox … parsers). */
const dns: CategoryModel = {
  logsource: { category: 'dns' },
  source: { function: 'imDns', where: [] },
  fields: {
    query: 'DnsQuery',
    record_type: 'DnsQueryTypeName',
    answer: 'DnsResponseName',
    src_ip: 'SrcIpAddr',
    dst_ip: 'DstIpAddr',
  },
};

/** The Windows DNS server's analytic log (DNS solution): read when a rule names the table, never written. */
const dnsEvents: CategoryModel = {
  logsource: { category: 'dns' },
  source: { table: 'DnsEvents', where: [] },
  fields: { query: 'Name', record_type: 'QueryType', answer: 'IPAddresses', src_ip: 'ClientIP' },
};

/** Firewalls that send CEF (Palo Alto, Fortinet, Check Point …) to CommonSecurityLog. */
const firewall: CategoryModel = {
  logsource: { category: 'firewall' },
  source: { table: 'CommonSecurityLog', where: [] },
  caveat: {
    fidelity: 'broader',
    message:
      'CommonSecurityLog holds every CEF source (proxies, IDS and other appliances too): the query reads them all',
  },
  fields: {
    src_ip: 'SourceIP',
    src_port: 'SourcePort',
    dst_ip: 'DestinationIP',
    dst_port: 'DestinationPort',
    protocol: 'Protocol',
    action: 'DeviceAction',
    username: 'SourceUserName',
  },
  types: { SourcePort: 'number', DestinationPort: 'number' },
};

export const SENTINEL_UNIX_CATEGORIES: CategoryModel[] = [
  processCreation('linux'),
  processCreation('macos'),
  fileRows('file_event', 'linux', 'FileCreated'),
  fileRows('file_event', 'macos', 'FileCreated'),
  // The hub's Linux and macOS renames, deletions and changes (rulestone's extension of Sigma's categories, as
  // Elastic Defend reports them): Defender's rows of the same actions, the file's (new) path in FolderPath.
  // Whether PreviousFolderPath holds a renamed file's old name varies, so SourceFilename stays unmapped.
  ...(['linux', 'macos'] as const).flatMap((product) => [
    fileRows('file_rename', product, 'FileRenamed'),
    fileRows('file_delete', product, 'FileDeleted'),
    fileRows('file_change', product, 'FileModified'),
  ]),
  networkConnection('linux'),
  networkConnection('macos'),
  ...syslog,
  webserver,
  proxy,
  dns,
  dnsEvents,
  firewall,
];
