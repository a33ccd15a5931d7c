import type { CategoryModel, HubLogsource } from '../types.js';

/**
 * rulestone's extension of the hub. Sigma's taxonomy names what Sysmon and the Windows logs record; Elastic
 * Defend and the Elastic integrations record more (a process's user SID, its argument count, its code
 * signature, the container it runs in …), and Elastic's rules test it. Where the taxonomy has no name for such
 * a concept, the hub uses the concept's ECS name: one public, documented schema, rather than names of our own.
 *
 * A Sigma rule written with these fields is valid Sigma, but only a backend that knows the names can use it
 * (one that targets ECS reads them as they are); the Sigma writer says so on every rule that uses one.
 * Each model maps the extension where it has a field of the same meaning; where it has none, the field is
 * unmapped there, as any other.
 */

/** Fields of the process an event is about or acted through, on every kind of endpoint event. */
const ACTING_PROCESS = [
  'user.id',
  'user.domain',
  'container.id',
  // The container and Kubernetes workload the process runs in (Defend for Containers, Defender for Cloud).
  'container.name',
  'container.image.name',
  'orchestrator.namespace',
  'orchestrator.resource.name',
  'process.parent.pid',
  // The acting process's parent, which Sysmon names on process starts only (ParentProcessGuid).
  'process.parent.entity_id',
  'process.code_signature.subject_name',
  'process.code_signature.trusted',
  'process.code_signature.status',
  'process.code_signature.exists',
  'process.code_signature.signing_id',
  'process.code_signature.team_id',
];

/** A started process beyond what Sysmon's event 1 records. */
const STARTED_PROCESS = [
  'process.args_count',
  'process.env_vars',
  'process.interactive',
  'process.user.id',
  'process.real_user.id',
  'user.Ext.real.id',
  'user.effective.id',
  'process.group.id',
  'process.parent.group.id',
  'process.real_group.id',
  'process.parent.real_group.id',
  'group.Ext.real.id',
  'process.parent.args_count',
  'process.parent.interactive',
  'process.parent.user.id',
  'process.parent.code_signature.subject_name',
  'process.parent.code_signature.trusted',
  'process.parent.code_signature.status',
  'process.parent.code_signature.exists',
  'process.parent.Ext.real.pid',
  'process.group_leader.executable',
  'process.group_leader.name',
  'process.session_leader.executable',
  'process.session_leader.name',
  'process.entry_leader.executable',
  'process.entry_leader.name',
  'process.entry_leader.entry_meta.type',
  'process.entry_leader.same_as_process',
  'process.entry_leader.args',
  'process.Ext.effective_parent.executable',
  'process.Ext.effective_parent.name',
  'process.Ext.relative_file_creation_time',
  'process.Ext.relative_file_name_modify_time',
  'process.Ext.device.product_id',
  'process.Ext.device.bus_type',
];

/**
 * A file written, changed, renamed or deleted, beyond Sysmon's path; and whether the operation succeeded, which
 * Defend says of each (Sysmon logs only operations that succeeded; Defend's opens may be refused).
 */
const FILE = [
  'event.outcome',
  'file.size',
  'file.Ext.entropy',
  'file.Ext.header_bytes',
  'file.Ext.original.name',
  'file.Ext.original.path',
  'file.Ext.original.extension',
  'file.Ext.windows.zone_identifier',
];

/**
 * The process Defend holds effectively responsible for a file or registry operation where the acting process
 * works on another's behalf (msiexec's service, WMI's provider host): Elastic's rules test either.
 */
const EFFECTIVE_PROCESS = ['Effective_process.executable', 'Effective_process.name'];

/** A module loaded, beyond Sysmon's event 7. */
const LIBRARY = [
  'dll.code_signature.trusted',
  'dll.code_signature.exists',
  'dll.Ext.relative_file_creation_time',
  'dll.Ext.relative_file_name_modify_time',
];

/** A Linux kernel module Defend saw loaded. */
const KERNEL_MODULE = [
  'process.Ext.load_module.name',
  'process.Ext.load_module.version',
  'process.Ext.load_module.src_version',
  'process.Ext.load_module.taints',
  'process.Ext.load_module.taint_flags',
];

const REGISTRY = ['registry.hive', 'registry.key', 'registry.data.type'];

/** Application protocol (Sysmon's Protocol is the transport), and Defend's name lookups on network events. */
const NETWORK = ['network.protocol', 'network.type', 'destination.address', 'dns.question.name'];

interface ExtensionGroup {
  categories: string[];
  /** The products whose log sources of these categories the group extends (every endpoint product without). */
  products?: string[];
  fields: string[];
}

const ENDPOINT_PRODUCTS = new Set(['windows', 'linux', 'macos']);

const GROUPS: ExtensionGroup[] = [
  { categories: ['process_creation'], fields: [...ACTING_PROCESS, ...STARTED_PROCESS] },
  {
    categories: ['file_event', 'file_change', 'file_rename', 'file_delete', 'file_access'],
    fields: [...ACTING_PROCESS, ...FILE, ...EFFECTIVE_PROCESS],
  },
  // Defend's end events describe the whole process, with how it ended.
  {
    categories: ['process_termination'],
    fields: [...ACTING_PROCESS, 'process.exit_code', 'process.args_count'],
  },
  // Defend's credential and session changes describe the process after the change, its new group too, and say
  // which change it was (uid_change, gid_change, session_id_change).
  {
    categories: ['process_change'],
    fields: [...ACTING_PROCESS, ...STARTED_PROCESS, 'group.id', 'event.action'],
  },
  { categories: ['image_load'], fields: [...ACTING_PROCESS, ...LIBRARY] },
  // Defend's Linux kernel-module loads describe the loading process as a process start does, and the module by
  // name, version and taint flags (it names no path).
  {
    categories: ['driver_load'],
    products: ['linux'],
    fields: [...ACTING_PROCESS, ...STARTED_PROCESS, ...KERNEL_MODULE],
  },
  // Defend writes a loaded driver as it writes a loaded module (dll.*), with its signature's trust.
  { categories: ['driver_load'], fields: LIBRARY },
  {
    categories: ['registry_event', 'registry_set', 'registry_add', 'registry_delete', 'registry_rename'],
    fields: [...ACTING_PROCESS, ...REGISTRY, ...EFFECTIVE_PROCESS],
  },
  { categories: ['network_connection'], fields: [...ACTING_PROCESS, ...NETWORK] },
  {
    categories: ['dns_query', 'pipe_created', 'create_remote_thread', 'process_access'],
    fields: ACTING_PROCESS,
  },
];

/**
 * Per service: AWS CloudTrail's request and response as Elastic keeps them (`{key=value, …}` text, not
 * CloudTrail's JSON); GitHub's audit log entry's category and kind of change; Linux's auth log (auth.log /
 * secure), for which Sigma's taxonomy names no field at all (its rules search the text), as the System integration's `system.auth` pipeline parses it: the syslog tag and
 * pid, sshd's logins (`event.action: ssh_login`, outcome, user, client address and port, method), sudo's
 * command lines, PAM's users and useradd/groupadd's new accounts (event.type says which change).
 */
const SERVICE_FIELDS: { logsource: HubLogsource; fields: string[] }[] = [
  {
    logsource: { product: 'aws', service: 'cloudtrail' },
    fields: ['aws.cloudtrail.request_parameters', 'aws.cloudtrail.response_elements'],
  },
  // GitHub's audit log as the GitHub integration's pipeline classifies each entry: github.category is the
  // action's first component (`protected_branch` of `protected_branch.update`, `[a-z_]+` before the first dot),
  // event.type what the rest of the action says (creation for create/add, deletion for delete/remove, group and
  // user for team and org entries, change for the others).
  { logsource: { product: 'github', service: 'audit' }, fields: ['github.category', 'event.type'] },
  {
    logsource: { product: 'linux', service: 'auth' },
    fields: [
      'event.action',
      'event.outcome',
      // What the pipeline says an account or group change was (user, group, creation, change; start for sudo).
      'event.type',
      'process.name',
      'process.pid',
      'user.name',
      'user.id',
      'user.effective.name',
      'user.target.name',
      'group.name',
      'group.id',
      'source.ip',
      'source.address',
      'source.domain',
      'source.port',
      'related.user',
      'related.ip',
      'system.auth.ssh.event',
      'system.auth.ssh.method',
      'system.auth.ssh.signature',
      'system.auth.ssh.dropped_ip',
      'system.auth.sudo.command',
      'system.auth.sudo.user',
      'system.auth.sudo.tty',
      'system.auth.sudo.pwd',
      'system.auth.sudo.error',
    ],
  },
];

/**
 * Log sources the hub has beyond Sigma's taxonomy, for events Elastic Defend and Defender report there:
 * Sigma defines file renames, deletions, changes and accesses, and process terminations, for Windows only, and
 * has no log source for a running process's credential or session changes (Defend's Linux `process_change`),
 * and loaded modules and drivers (image_load, driver_load) for Windows only (Defend's macOS library loads, its
 * Linux kernel-module loads).
 */
const EXTENSION_CATEGORIES: Record<string, string[]> = {
  linux: [
    'file_rename',
    'file_delete',
    'file_change',
    'file_access',
    'process_termination',
    'process_change',
    'driver_load',
  ],
  macos: ['file_rename', 'file_delete', 'file_change', 'file_access', 'process_termination', 'image_load'],
};

/** Whether a log source is one of the hub's own, not Sigma's. */
export function isExtensionLogsource({ category, product }: HubLogsource): boolean {
  return (
    category !== undefined && product !== undefined && !!EXTENSION_CATEGORIES[product]?.includes(category)
  );
}

/** The extension fields the hub has for a log source (none for those it does not extend). */
export function hubExtensionFields(logsource: HubLogsource): readonly string[] {
  const { category, product, service } = logsource;
  if (category !== undefined && product !== undefined && ENDPOINT_PRODUCTS.has(product)) {
    return (
      GROUPS.find((g) => g.categories.includes(category) && (g.products?.includes(product) ?? true))
        ?.fields ?? []
    );
  }
  return (
    SERVICE_FIELDS.find((s) => s.logsource.product === product && s.logsource.service === service)?.fields ??
    []
  );
}

/** Model fields an entry already gives a meaning of its own, which the extension must not take. */
function usedModelFields(entry: CategoryModel): Set<string> {
  return new Set([
    ...Object.values(entry.fields),
    ...Object.keys(entry.copies ?? {}),
    ...(entry.basenames ?? []).map((b) => b.field),
    ...(entry.parts ?? []).map((p) => p.field),
    ...(entry.elements ?? []).map((e) => e.field),
    ...(entry.positions ?? []).flatMap((p) => p.fields),
    ...Object.values(entry.keyed ?? {}).flatMap((k) => Object.values(k)),
    ...entry.source.where.map((c) => c.field),
    ...(entry.source.recognised ?? []).map((c) => c.field),
  ]);
}

/**
 * An entry with the hub's extension fields of its log source mapped: `columns` names the model field of each
 * (a model keeping them under their ECS names maps each to itself). Fields the entry already maps, or whose
 * model field it already uses for something else, are left as they are.
 */
export function withHubExtension(
  entry: CategoryModel,
  columns: (hubField: string) => string | undefined,
): CategoryModel {
  const used = usedModelFields(entry);
  const added: Record<string, string> = {};
  for (const field of hubExtensionFields(entry.logsource)) {
    const column = columns(field);
    if (column === undefined || entry.fields[field] !== undefined || used.has(column)) continue;
    added[field] = column;
  }
  return Object.keys(added).length ? { ...entry, fields: { ...entry.fields, ...added } } : entry;
}
