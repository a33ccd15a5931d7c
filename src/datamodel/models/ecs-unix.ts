import type { BasenameField, CategoryModel, SelectorCondition, ValueRewrite } from '../types.js';
import { ECS_CONNECTION_DIRECTION, ECS_NETWORK_ENDPOINTS } from './shared-fields.js';

/**
 * Linux and macOS beyond process starts, and network, web, proxy, DNS and appliance logs, as Elastic
 * integrations record them. Field names follow the integrations' ingest pipelines and Elastic's own
 * detection rules; a Sigma field without a counterpart the integration writes is left unmapped.
 */

const os = (product: 'linux' | 'macos'): SelectorCondition => ({
  field: 'host.os.type',
  values: [product],
  cased: true,
});
const eventType = (...values: string[]): SelectorCondition => ({ field: 'event.type', values, cased: true });
const dataset = (...values: string[]): SelectorCondition => ({ field: 'event.dataset', values, cased: true });

const HOST_KEY = { 'host.id': 'Computer' };

/** The process that acted, as Elastic Defend names it on Linux and macOS. */
const ACTOR: Record<string, string> = {
  Image: 'process.executable',
  ProcessId: 'process.pid',
  // Sysmon for Linux writes the acting process's GUID on these events; Defend's entity id identifies the same.
  ProcessGuid: 'process.entity_id',
  User: 'user.name',
  Computer: 'host.name',
};
const actorName: BasenameField = { field: 'process.name', of: 'Image', separator: '/' };

/**
 * Elastic Defend file creation on Linux or macOS (Sigma: Sysmon for Linux event 11 and its macOS peers).
 * `file.extension` is the text after the last dot of the name, so it reads as the path's ending.
 */
const unixFileEvent = (product: 'linux' | 'macos'): CategoryModel => ({
  logsource: { category: 'file_event', product },
  source: {
    eqlCategory: 'file',
    where: [os(product), eventType('creation')],
    // Elastic Defend's action for the same events; `file_create_event` is the Endgame-era name.
    recognised: [
      {
        field: 'event.action',
        values: ['creation', 'file_create_event'],
        cased: true,
        insteadOf: 'event.type',
      },
    ],
  },
  fields: { ...ACTOR, TargetFilename: 'file.path' },
  basenames: [
    actorName,
    { field: 'file.name', of: 'TargetFilename', separator: '/' },
    { field: 'file.extension', of: 'TargetFilename', separator: '.' },
  ],
  keyAliases: HOST_KEY,
});

/**
 * Elastic Defend's other file events on Linux or macOS, one hub category per `event.action`. Sigma's taxonomy
 * has file_rename, file_delete, file_change and file_access for Windows only: using them for these products
 * is rulestone's extension of the hub, for events Defend really writes (Elastic's own Linux and macOS rules
 * read them). `action` is Defend's word; `older` the Endgame-era one (`file_rename_event`), recognised when
 * reading.
 */
const unixFileAction = (
  category: string,
  product: 'linux' | 'macos',
  action: string,
  options: {
    older?: string[];
    eventType?: string;
    /** An event.type the action shares with others, recognised as saying nothing more when a query states it. */
    sharedType?: string;
    fields?: Record<string, string>;
    basenames?: BasenameField[];
  } = {},
): CategoryModel => ({
  logsource: { category, product },
  source: {
    eqlCategory: 'file',
    where: [os(product), { field: 'event.action', values: [action], cased: true }],
    recognised: [
      ...(options.older ? [{ field: 'event.action', values: options.older, cased: true }] : []),
      // Where the action has an event.type of its own, that says the same.
      ...(options.eventType ? [{ ...eventType(options.eventType), insteadOf: 'event.action' }] : []),
      ...(options.sharedType ? [eventType(options.sharedType)] : []),
    ],
  },
  fields: { ...ACTOR, TargetFilename: 'file.path', ...options.fields },
  basenames: [
    actorName,
    { field: 'file.name', of: 'TargetFilename', separator: '/' },
    { field: 'file.extension', of: 'TargetFilename', separator: '.' },
    ...(options.basenames ?? []),
  ],
  keyAliases: HOST_KEY,
});

/** The file events Defend writes besides creations, for one product (see unixFileAction). */
const unixFileActions = (product: 'linux' | 'macos'): CategoryModel[] => [
  // A file renamed or moved: the new path in file.path, the old one in file.Ext.original.path (as on Windows).
  // Renames, modifications and (Defend for Containers') opens are all `event.type: change`.
  unixFileAction('file_rename', product, 'rename', {
    older: ['file_rename_event'],
    sharedType: 'change',
    fields: { SourceFilename: 'file.Ext.original.path' },
    basenames: [{ field: 'file.Ext.original.name', of: 'SourceFilename', separator: '/' }],
  }),
  // A file deleted: the only action whose event.type (deletion) no other action shares.
  unixFileAction('file_delete', product, 'deletion', { eventType: 'deletion' }),
  // A file's content written (Defend's `modification`), which on these products is what a file change means.
  unixFileAction('file_change', product, 'modification', { sharedType: 'change' }),
  // A file opened. Defend reports opens of the files it watches (credential stores, browser and system
  // configuration files), not every open; as no other source of these products' opens has a hub entry, the
  // extended category means Defend's opens and needs no caveat (Windows' file_access, Sigma's own, has one).
  unixFileAction('file_access', product, 'open', { sharedType: 'change' }),
];

/**
 * A library (dylib, framework, bundle) loaded into a process on macOS: Elastic Defend's `load` events in its
 * library data stream, the library under dll.* as on Windows. Sigma's taxonomy has image_load for Windows only;
 * using it for macOS is rulestone's extension of the hub (see hub-extension.ts), for events Defend really writes
 * and Elastic's macOS rules read. Signature is the signer's subject, as Sysmon's event 7 names it.
 */
const macosImageLoad: CategoryModel = {
  logsource: { category: 'image_load', product: 'macos' },
  source: {
    eqlCategory: 'library',
    where: [os('macos')],
    recognised: [{ field: 'event.action', values: ['load'], cased: true }],
  },
  fields: {
    ...ACTOR,
    ImageLoaded: 'dll.path',
    Signature: 'dll.code_signature.subject_name',
  },
  keyed: { Hashes: { MD5: 'dll.hash.md5', SHA1: 'dll.hash.sha1', SHA256: 'dll.hash.sha256' } },
  basenames: [actorName, { field: 'dll.name', of: 'ImageLoaded', separator: '/' }],
  keyAliases: HOST_KEY,
};

/** Elastic Defend network connections on Linux or macOS (Sigma: Sysmon for Linux event 3). */
const unixNetworkConnection = (product: 'linux' | 'macos'): CategoryModel => ({
  logsource: { category: 'network_connection', product },
  source: { eqlCategory: 'network', where: [os(product), eventType('start')] },
  fields: {
    ...ACTOR,
    ...ECS_NETWORK_ENDPOINTS,
  },
  ...ECS_CONNECTION_DIRECTION,
  basenames: [actorName],
  keyAliases: HOST_KEY,
});

/**
 * A process as Defend describes the one an event is about (ended or changed, as a started one is): its command
 * line and parent by process_creation's names.
 */
const DESCRIBED_PROCESS = {
  fields: {
    ...ACTOR,
    CommandLine: 'process.command_line',
    CurrentDirectory: 'process.working_directory',
    ParentImage: 'process.parent.executable',
    ParentCommandLine: 'process.parent.command_line',
    ParentProcessId: 'process.parent.pid',
    ParentProcessGuid: 'process.parent.entity_id',
  },
  types: { 'process.pid': 'number' },
  basenames: [actorName, { field: 'process.parent.name', of: 'ParentImage', separator: '/' }],
  parts: [
    { field: 'process.args', of: 'CommandLine' },
    { field: 'process.parent.args', of: 'ParentCommandLine' },
  ],
  keyAliases: HOST_KEY,
} satisfies Partial<CategoryModel>;

/**
 * A process ended, on Linux or macOS: Elastic Defend writes `event.type: end` (and `event.action: end`) in
 * category process. Sigma's taxonomy has process_termination for Windows only; using it for these products is
 * rulestone's extension of the hub (see hub-extension.ts), for events Defend really writes. Defend describes the
 * ended process as it does a started one, so its command line and parent have process_creation's names.
 */
const unixProcessTermination = (product: 'linux' | 'macos'): CategoryModel => ({
  logsource: { category: 'process_termination', product },
  source: {
    eqlCategory: 'process',
    where: [os(product), eventType('end')],
    recognised: [{ field: 'event.action', values: ['end'], cased: true, insteadOf: 'event.type' }],
  },
  ...DESCRIBED_PROCESS,
});

/**
 * A running process's credentials or session changed, on Linux: Elastic Defend writes `event.type: change` in
 * category process, with the action saying what changed (`uid_change`, `gid_change`: setuid/setgid and their
 * kin; `session_id_change`: setsid). The event describes the process after the change (user.id, group.id
 * the new ids), as a process start describes the started one. Sigma's taxonomy has no such log source: it is
 * rulestone's extension of the hub (see hub-extension.ts), for events Defend really writes and Elastic's
 * privilege-escalation rules read. Which change it was is the hub's extension field `event.action` (a query's
 * test of one action stays in the rule); `event.type: change` says "one of them".
 */
const PROCESS_CHANGES = ['uid_change', 'gid_change', 'session_id_change'];
const linuxProcessChange: CategoryModel = {
  logsource: { category: 'process_change', product: 'linux' },
  source: {
    eqlCategory: 'process',
    where: [os('linux'), { field: 'event.action', values: PROCESS_CHANGES, cased: true }],
    recognised: [{ ...eventType('change'), insteadOf: 'event.action' }],
  },
  ...DESCRIBED_PROCESS,
  fields: { ...DESCRIBED_PROCESS.fields, 'event.action': 'event.action' },
};

/**
 * A kernel module loaded, on Linux: Elastic Defend writes `event.action: load_module` in category process
 * (`event.type: start`), describing the process that loaded it (insmod, modprobe, kmod …) as a process start
 * describes the started one, and the module by name, version and taint flags (process.Ext.load_module.*). Sigma's
 * taxonomy has driver_load, a kernel driver loaded, for Windows only: using it for Linux is rulestone's extension
 * of the hub (see hub-extension.ts), for events Defend really writes and Elastic's Linux persistence rules read.
 * Defend names no module path, so ImageLoaded stays unmapped; the module's fields are the extension's.
 */
const linuxDriverLoad: CategoryModel = {
  logsource: { category: 'driver_load', product: 'linux' },
  source: {
    eqlCategory: 'process',
    where: [os('linux'), { field: 'event.action', values: ['load_module'], cased: true }],
    recognised: [eventType('start')],
  },
  ...DESCRIBED_PROCESS,
};

/**
 * Audit record types that Auditbeat (and Elastic Agent's Auditd Manager, which runs it) keep as an event's
 * `auditd.message_type`, lower-cased. EXECVE, PATH, CWD, PROCTITLE and SOCKADDR records are folded into the
 * SYSCALL event they belong to (arguments into `process.args`, paths into `auditd.paths`), so a rule on those
 * record types has no equivalent and is refused by name.
 */
const AUDIT_MESSAGE_TYPES = [
  'SYSCALL',
  'ADD_USER',
  'DEL_USER',
  'ADD_GROUP',
  'DEL_GROUP',
  'USER_ACCT',
  'USER_AUTH',
  'USER_CHAUTHTOK',
  'USER_CMD',
  'USER_END',
  'USER_ERR',
  'USER_LOGIN',
  'USER_LOGOUT',
  'USER_MGMT',
  'USER_START',
  'USER_ROLE_CHANGE',
  'USER_TTY',
  'TTY',
  'LOGIN',
  'CRED_ACQ',
  'CRED_DISP',
  'CRED_REFR',
  'SERVICE_START',
  'SERVICE_STOP',
  'SYSTEM_BOOT',
  'SYSTEM_SHUTDOWN',
  'SYSTEM_RUNLEVEL',
  'SOFTWARE_UPDATE',
  'CONFIG_CHANGE',
  'DAEMON_START',
  'DAEMON_END',
  'DAEMON_ABORT',
  'AVC',
  'USER_AVC',
  'SELINUX_ERR',
  'ANOM_ABEND',
  'ANOM_PROMISCUOUS',
];

const SYSCALL_ARGS = ['a0', 'a1', 'a2', 'a3'];

/**
 * One audit record type as Elastic's Auditd Logs integration (and Filebeat's auditd module before it) writes
 * audit.log: every record is an event of its own, dataset `auditd.log`, its type lower-cased in `event.action`.
 * Only for record types that Auditbeat folds into the SYSCALL event, so that its entry below cannot express
 * them; a rule that needs one of these types at its top level is written here. SYSCALL records are left to
 * Auditbeat's entry: this integration gives them (and ADD_USER, SERVICE_STOP …) go-libaudit's action words
 * (`executed`, `added-user-account` …) instead of their type wherever it has one.
 */
const auditRecord = (type: string, fields: Record<string, string>): CategoryModel => ({
  logsource: { product: 'linux', service: 'auditd' },
  when: { field: 'type', values: [type] },
  source: {
    eqlCategory: 'any',
    where: [dataset('auditd.log'), { field: 'event.action', values: [type.toLowerCase()], cased: true }],
    // The integration's constant fields, which queries may also state.
    recognised: [
      { field: 'data_stream.dataset', values: ['auditd.log'], cased: true, insteadOf: 'event.dataset' },
      { field: 'event.module', values: ['auditd'], cased: true },
    ],
  },
  fields: { type: 'event.action', ...fields },
  values: { type: [{ hub: type, model: [type.toLowerCase()] }] },
  keyAliases: HOST_KEY,
});

/**
 * The positions of an EXECVE record's arguments that `process.args` is read back as (Sigma's rules test up to
 * a7): a query's test of the list misses an argument past the 32nd, and says so.
 */
const EXECVE_ARGS = Array.from({ length: 32 }, (_, i) => `a${i}`);

/**
 * EXECVE records: the pipeline gathers a0…aN, in order, into the list `process.args`, copies a0 to
 * `process.executable` and argc to `process.args_count`. a0 is written as `process.executable`, exactly; a1…aN
 * as tests of any element of `process.args` (the position is lost), which reads back as a0…a31. A continuation
 * record (a long command line split over several, starting at aI) has no `process.executable` and a first
 * element that says how many arguments it lacks. As every argument is in `process.args`, Sigma's keyword
 * searches of these records are looked for there.
 */
const auditdExecve: CategoryModel = {
  ...auditRecord('EXECVE', { a0: 'process.executable', argc: 'process.args_count' }),
  elements: [{ field: 'process.args', of: EXECVE_ARGS }],
  keywordField: 'process.args',
  types: { 'process.executable': 'string', 'process.args': 'string', 'process.args_count': 'number' },
};

/**
 * PATH records (one per path a syscall touched): `name` (hex-encoded names decoded), `nametype`, `item`,
 * `inode`, `dev`, `mode` and `rdev` stay under `auditd.log.`; the owner's ids are renamed.
 */
const auditdPath = auditRecord('PATH', {
  name: 'auditd.log.name',
  nametype: 'auditd.log.nametype',
  item: 'auditd.log.item',
  inode: 'auditd.log.inode',
  dev: 'auditd.log.dev',
  mode: 'auditd.log.mode',
  rdev: 'auditd.log.rdev',
  ouid: 'user.owner.id',
  ogid: 'user.owner.group.id',
});

/**
 * Linux audit framework events as Auditbeat's auditd module and Elastic Agent's Auditd Manager write them
 * (the `auditd.data.*` fields Elastic's own Linux rules read). `a0`–`a3` are the SYSCALL record's arguments
 * (hex text); audit rule keys are appended to `tags`.
 */
const auditd: CategoryModel = {
  logsource: { product: 'linux', service: 'auditd' },
  source: {
    eqlCategory: 'any',
    where: [{ field: 'event.module', values: ['auditd'], cased: true }],
    recognised: [
      os('linux'),
      { field: 'data_stream.dataset', values: ['auditd_manager.auditd'], cased: true },
      dataset('auditd_manager.auditd'),
    ],
  },
  fields: {
    type: 'auditd.message_type',
    SYSCALL: 'auditd.data.syscall',
    ...Object.fromEntries(SYSCALL_ARGS.map((a) => [a, `auditd.data.${a}`])),
    exe: 'process.executable',
    comm: 'process.name',
    cwd: 'process.working_directory',
    pid: 'process.pid',
    ppid: 'process.parent.pid',
    uid: 'user.id',
    auid: 'user.audit.id',
    key: 'tags',
    unit: 'auditd.data.unit',
    terminal: 'auditd.data.terminal',
    addr: 'auditd.data.addr',
    acct: 'auditd.data.acct',
    hostname: 'auditd.data.hostname',
  },
  values: {
    type: AUDIT_MESSAGE_TYPES.map((t): ValueRewrite => ({ hub: t, model: [t.toLowerCase()] })),
  },
  types: Object.fromEntries(SYSCALL_ARGS.map((a) => [`auditd.data.${a}`, 'string' as const])),
  keyAliases: HOST_KEY,
};

/**
 * Auditbeat's kernel-module syscalls (init_module, finit_module, delete_module), which go-libaudit files under
 * EQL category driver with the actions `loaded-kernel-module` / `unloaded-kernel-module`: Elastic's rules read
 * them as `driver where host.os.type == "linux" and …`. Only read (hub rules are written through the entry
 * above); the category and the action words name no hub field, so the rule reads every auditd event its other
 * conditions select.
 */
const auditdKernelModules: CategoryModel = {
  ...auditd,
  source: {
    eqlCategory: 'driver',
    where: [],
    recognised: [
      ...(auditd.source.recognised ?? []),
      auditd.source.where[0] as SelectorCondition,
      {
        field: 'event.action',
        values: ['loaded-kernel-module', 'unloaded-kernel-module'],
        cased: true,
      },
    ],
  },
  // Read only: the rule loses the category.
  caveat: {
    fidelity: 'narrower',
    read: 'broader',
    message:
      "go-libaudit's driver category and its kernel-module actions have no Sigma equivalent: the rule reads every auditd event its other conditions select (a syscall test says which)",
  },
};

/**
 * Auditbeat's other syscall events in EQL category process (prctl, mprotect, kill …: Elastic's rules read
 * `process where auditd.data.syscall == "prctl"`), with go-libaudit's action for kill (`killed-pid`). Only read;
 * the category and the action name no hub field, so the rule reads every auditd event its other conditions
 * select.
 */
const auditdProcesses: CategoryModel = {
  ...auditd,
  source: {
    eqlCategory: 'process',
    // The OS too, so that a query stating neither reads the model's first process entry, not this one.
    where: [...auditd.source.where, os('linux')],
    recognised: [
      ...(auditd.source.recognised ?? []).filter((c) => c.field !== 'host.os.type'),
      { field: 'event.action', values: ['killed-pid'], cased: true },
    ],
  },
  // Read only: the rule loses the category.
  caveat: {
    fidelity: 'narrower',
    read: 'broader',
    message:
      "go-libaudit's process category and its action words have no Sigma equivalent: the rule reads every auditd event its other conditions select (a syscall test says which)",
  },
};

/**
 * Linux system logs as the System integration reads them: `system.auth` (auth.log / secure: sshd, sudo, su …)
 * and `system.syslog`. Sigma's rules for these services are keyword searches over the message.
 */
const linuxService = (service: string, where: SelectorCondition[]): CategoryModel => ({
  logsource: { product: 'linux', service },
  source: { eqlCategory: 'any', where: [os('linux'), ...where] },
  fields: { Computer: 'host.name' },
  keywordField: 'message',
  keyAliases: HOST_KEY,
});

const processName = (...values: string[]): SelectorCondition => ({
  field: 'process.name',
  values,
  cased: true,
});

const linuxServices: CategoryModel[] = [
  linuxService('auth', [dataset('system.auth')]),
  linuxService('sshd', [dataset('system.auth'), processName('sshd')]),
  linuxService('sudo', [dataset('system.auth'), processName('sudo')]),
  linuxService('syslog', [dataset('system.syslog')]),
  // Debian names the cron daemon's syslog tag CRON, Red Hat crond.
  linuxService('cron', [processName('CRON', 'crond', 'cron')]),
  linuxService('vsftpd', [processName('vsftpd')]),
];

/**
 * Elastic's Linux rules read sshd's logins as `authentication where host.os.type == "linux"`: the System
 * integration's auth.log events (`system.auth`, which sets event.category authentication on them), read as
 * Sigma's linux/auth with the hub's extension fields (event.action, event.outcome, source.ip …). These entries
 * only read: a linux/auth rule is written through linuxServices' entry (`any where … event.dataset ==
 * "system.auth"`), which says the same of these events. They come after the cloud entries, so that an
 * authentication query stating neither a host nor a data stream stays with those.
 */
const linuxAuthentication = (
  where: SelectorCondition[],
  caveat?: CategoryModel['caveat'],
  eqlCategory = 'authentication',
): CategoryModel => ({
  logsource: { product: 'linux', service: 'auth' },
  source: {
    eqlCategory,
    where: [os('linux'), ...where],
    recognised: [{ ...dataset('system.auth'), field: 'data_stream.dataset', insteadOf: 'event.dataset' }],
  },
  ...(caveat ? { caveat } : {}),
  fields: { Computer: 'host.name' },
  keywordField: 'message',
  keyAliases: HOST_KEY,
});

export const ECS_LINUX_AUTHENTICATION: CategoryModel[] = [
  linuxAuthentication([dataset('system.auth')]),
  // Without a data stream the query also reads other Linux sources' authentication events (Auditbeat's login
  // records, auditd's): as a linux/auth rule it reads the auth log's alone.
  linuxAuthentication([], {
    fidelity: 'broader',
    read: 'narrower',
    message:
      "the query reads every Linux authentication event (Auditbeat's login records and auditd's too); as a linux/auth rule it reads only the auth log (the System integration's system.auth)",
  }),
  // The auth log's account and group changes (useradd, groupadd, passwd, gpasswd, usermod), which the System
  // integration files as iam events with their event.type (user, group, creation, change): Elastic's Linux
  // account rules read them as `iam where host.os.type == "linux"`.
  linuxAuthentication([dataset('system.auth')], undefined, 'iam'),
  linuxAuthentication(
    [],
    {
      fidelity: 'broader',
      read: 'narrower',
      message:
        "the query reads every Linux iam event (auditd's account changes too); as a linux/auth rule it reads only the auth log's (the System integration's system.auth)",
    },
    'iam',
  ),
];

/** Any Linux log (Sigma's `product: linux` without a service or category). */
const linuxAny: CategoryModel = {
  logsource: { product: 'linux' },
  source: { eqlCategory: 'any', where: [os('linux')] },
  fields: { Computer: 'host.name' },
  keywordField: 'message',
  keyAliases: HOST_KEY,
};

/**
 * Web-server access logs of the Nginx, Apache and IIS integrations: the request line split by `uri_parts` into
 * `url.path` and `url.query`, status and method under `http.*`.
 */
const webserver: CategoryModel = {
  logsource: { category: 'webserver' },
  source: { eqlCategory: 'web', where: [dataset('nginx.access', 'apache.access', 'iis.access')] },
  caveat: {
    fidelity: 'narrower',
    message:
      "the query reads the access logs of the Nginx, Apache and IIS integrations; other web servers' logs go to datasets of their own",
  },
  fields: {
    // The request target, path and query together, as the log line has it.
    'cs-uri': 'url.original',
    'cs-uri-stem': 'url.path',
    'cs-uri-query': 'url.query',
    'cs-method': 'http.request.method',
    'sc-status': 'http.response.status_code',
    'cs-user-agent': 'user_agent.original',
    'cs-referer': 'http.request.referrer',
    'cs-username': 'user.name',
    'cs-version': 'http.version',
    'c-ip': 'source.ip',
    's-ip': 'destination.ip',
    's-port': 'destination.port',
  },
  types: { 'http.response.status_code': 'number', 'destination.port': 'number' },
  // Sigma's web-server keywords are request patterns (injections, paths); the integrations keep the request
  // target as written in the log line in url.original, and no field holds the whole line.
  keywordField: 'url.original',
};

/**
 * Apache HTTP Server and nginx, as Elastic's Apache and Nginx integrations collect them. Sigma's rules for these
 * services search the error log's text, which the integrations keep in `message` (`apache.error`,
 * `nginx.error`); an access log line is parsed into `url.*` and `http.*` and its text not kept there.
 */
const webServerErrors = (service: string, dataset_: string): CategoryModel => ({
  logsource: { service },
  source: { eqlCategory: 'any', where: [dataset(dataset_)] },
  caveat: {
    fidelity: 'narrower',
    message: `the query reads the ${service} error log (${dataset_}): access-log lines are parsed into fields, their text not kept in message`,
  },
  fields: {},
  keywordField: 'message',
});

/**
 * Application logs no Elastic integration parses (Java, Python, Ruby on Rails, Spring, SQL servers' error logs,
 * Velocity templates): collected with the Custom Logs integration, each line is an event whose text is in
 * `message`, under a dataset the user names. Sigma's rules for them are keyword searches.
 */
const customApplicationLog = (product: string): CategoryModel => ({
  logsource: { category: 'application', product },
  source: { eqlCategory: 'any', where: [] },
  caveat: {
    fidelity: 'broader',
    message: `no Elastic integration marks ${product} application logs: the query reads the message of every event; point the rule at the index that holds them`,
  },
  fields: {},
  keywordField: 'message',
});

/**
 * Web proxy logs (the Zscaler ZIA web dataset, for one): the requested URL and its parts in `url.*`, filed as
 * web events.
 */
const proxy: CategoryModel = {
  logsource: { category: 'proxy' },
  source: { eqlCategory: 'web', where: [] },
  caveat: {
    fidelity: 'broader',
    message:
      'ECS has no marker for proxy logs: the query reads every event of category web, web-server access logs too',
  },
  fields: {
    'c-uri': 'url.original',
    'c-uri-scheme': 'url.scheme',
    'c-uri-stem': 'url.path',
    'c-uri-query': 'url.query',
    'c-uri-extension': 'url.extension',
    'cs-host': 'url.domain',
    // Sigma's taxonomy: the requested domain, which it recommends writing as cs-host.
    'r-dns': 'url.domain',
    'cs-method': 'http.request.method',
    'cs-referrer': 'http.request.referrer',
    'cs-version': 'http.version',
    'c-useragent': 'user_agent.original',
    'sc-status': 'http.response.status_code',
    src_ip: 'source.ip',
    dst_ip: 'destination.ip',
  },
  types: { 'http.response.status_code': 'number' },
};

/**
 * DNS traffic and server logs (Network Packet Capture, Zeek, Elastic Defend lookups): every producer sets
 * `network.protocol: dns`, the queried name in `dns.question.name`.
 */
const dns: CategoryModel = {
  logsource: { category: 'dns' },
  source: { eqlCategory: 'network', where: [{ field: 'network.protocol', values: ['dns'], cased: true }] },
  fields: {
    query: 'dns.question.name',
    parent_domain: 'dns.question.registered_domain',
    record_type: 'dns.question.type',
    answer: 'dns.answers.data',
    src_ip: 'source.ip',
    dst_ip: 'destination.ip',
  },
};

/**
 * Firewall logs: integrations of firewalls (Palo Alto PAN-OS, for one) mark their events with
 * `observer.type: firewall`. Sigma's `action` and `blocked` carry each vendor's own words, which ECS
 * normalises into `event.type` (allowed/denied) rather than keeping: they stay unmapped.
 */
const firewall: CategoryModel = {
  logsource: { category: 'firewall' },
  source: { eqlCategory: 'network', where: [{ field: 'observer.type', values: ['firewall'], cased: true }] },
  caveat: {
    fidelity: 'narrower',
    message:
      'the query reads the events of integrations that mark their observer as a firewall (observer.type)',
  },
  fields: {
    src_ip: 'source.ip',
    src_port: 'source.port',
    dst_ip: 'destination.ip',
    dst_port: 'destination.port',
    protocol: 'network.transport',
    username: 'source.user.name',
  },
};

/** FortiGate event logs (type=event: configuration and admin activity) in the Fortinet FortiGate integration. */
const fortigateEvent: CategoryModel = {
  logsource: { product: 'fortigate', service: 'event' },
  source: {
    eqlCategory: 'any',
    where: [
      { field: 'data_stream.dataset', values: ['fortinet_fortigate.log'], cased: true },
      { field: 'fortinet.firewall.type', values: ['event'], cased: true },
    ],
  },
  fields: {
    action: 'fortinet.firewall.action',
    cfgpath: 'fortinet.firewall.cfgpath',
    cfgattr: 'fortinet.firewall.cfgattr',
    cfgobj: 'fortinet.firewall.cfgobj',
    subtype: 'fortinet.firewall.subtype',
    logid: 'event.code',
    srcip: 'source.ip',
    dstip: 'destination.ip',
    user: 'source.user.name',
  },
};

/** Zeek's connection id, which every Zeek pipeline of the integration renames to ECS source/destination. */
const ZEEK_ID: Record<string, string> = {
  'id.orig_h': 'source.ip',
  'id.orig_p': 'source.port',
  'id.resp_h': 'destination.ip',
  'id.resp_p': 'destination.port',
  uid: 'zeek.session_id',
};

/**
 * One Zeek log in the Zeek integration (`event.dataset: zeek.<log>`): fields it keeps are under
 * `zeek.<log>.`, those it moves to ECS are named here.
 */
const zeek = (service: string, fields: Record<string, string>, kept: string[]): CategoryModel => ({
  logsource: { product: 'zeek', service },
  source: { eqlCategory: 'any', where: [dataset(`zeek.${service}`)] },
  fields: {
    ...ZEEK_ID,
    ...Object.fromEntries(kept.map((f) => [f, `zeek.${service}.${f}`])),
    ...fields,
  },
});

const zeekLogs: CategoryModel[] = [
  zeek(
    'http',
    {
      uri: 'url.original',
      host: 'url.domain',
      method: 'http.request.method',
      referrer: 'http.request.referrer',
      status_code: 'http.response.status_code',
      version: 'http.version',
      user_agent: 'user_agent.original',
      username: 'url.username',
      request_body_len: 'http.request.body.bytes',
      response_body_len: 'http.response.body.bytes',
      // Sigma rules also write Zeek's HTTP log with the proxy taxonomy's names.
      'c-uri': 'url.original',
      'c-useragent': 'user_agent.original',
      'cs-host': 'url.domain',
      'cs-method': 'http.request.method',
    },
    [
      'resp_mime_types',
      'orig_mime_types',
      'resp_fuids',
      'orig_fuids',
      'status_msg',
      'tags',
      'trans_depth',
      'proxied',
    ],
  ),
  // The pipeline drops Z, auth and addl, so rules on them stay unmapped.
  zeek(
    'dns',
    {
      query: 'dns.question.name',
      qtype_name: 'dns.question.type',
      rcode_name: 'dns.response_code',
      trans_id: 'dns.id',
      proto: 'network.transport',
    },
    ['answers', 'TTLs', 'qclass', 'qclass_name', 'qtype', 'rcode', 'rejected', 'AA', 'TC', 'RD', 'RA', 'rtt'],
  ),
  zeek('smb_files', {}, ['action', 'name', 'path', 'size', 'fuid', 'prev_name']),
  zeek('dce_rpc', {}, ['endpoint', 'named_pipe', 'operation', 'rtt']),
  zeek('x509', {}, [
    'certificate.serial',
    'certificate.subject',
    'certificate.issuer',
    'certificate.version',
  ]),
  zeek('rdp', {}, ['cookie', 'result', 'security_protocol']),
];

/** Cisco IOS syslog in the Cisco IOS integration, where AAA command accounting arrives; Sigma's rules search its messages. */
const ciscoAaa: CategoryModel = {
  logsource: { product: 'cisco', service: 'aaa' },
  source: { eqlCategory: 'any', where: [dataset('cisco_ios.log')] },
  fields: {},
  keywordField: 'message',
};

export const ECS_UNIX_CATEGORIES: CategoryModel[] = [
  unixFileEvent('linux'),
  unixFileEvent('macos'),
  ...unixFileActions('linux'),
  ...unixFileActions('macos'),
  unixNetworkConnection('linux'),
  unixNetworkConnection('macos'),
  unixProcessTermination('linux'),
  unixProcessTermination('macos'),
  macosImageLoad,
  linuxProcessChange,
  linuxDriverLoad,
  // Before Auditbeat's entry: these serve only rules that name their record type.
  auditdExecve,
  auditdPath,
  auditd,
  auditdKernelModules,
  auditdProcesses,
  ...linuxServices,
  // After every Linux service: an entry without a service covers them all.
  linuxAny,
  webserver,
  webServerErrors('apache', 'apache.error'),
  webServerErrors('nginx', 'nginx.error'),
  ...['jvm', 'python', 'ruby_on_rails', 'spring', 'sql', 'velocity'].map(customApplicationLog),
  proxy,
  dns,
  firewall,
  fortigateEvent,
  ...zeekLogs,
  ciscoAaa,
];
