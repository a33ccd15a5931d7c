import type { Dialect } from '../ir/types.js';

/**
 * A data model: how one platform names the fields of each kind of event, and how it says which kind of event
 * a query reads, relative to the hub (Sigma's taxonomy). Declarative data: one per platform, checked against
 * DATA_MODEL_SCHEMA, so users can add or override models with files of their own.
 */
export interface DataModel {
  id: string;
  /**
   * The data model its rules are in when read (several Sentinel profiles are one `sentinel` family: a KQL
   * rule names its table, and the table says which profile it follows). Defaults to `id`.
   */
  family?: string;
  title: string;
  /** The dialect whose rules are usually written in this model. */
  dialect: Dialect;
  categories: CategoryModel[];
}

/** A Sigma log source, the hub's name for a kind of event. */
export interface HubLogsource {
  category?: string;
  product?: string;
  service?: string;
}

/** One field condition a model uses to say "these events" (`event.type == "start"`). */
export interface SelectorCondition {
  field: string;
  /** The condition holds when the field has any of these values. */
  values: (string | number)[];
  /** Whether the model's rules compare the value case-sensitively (EQL `==`) or not (`:`). */
  cased: boolean;
  /**
   * For a recognised condition: the selector field whose condition it states in other words (Defend's
   * `event.action == "exec"` says what `event.type == "start"` says), so a query with it lacks nothing.
   */
  insteadOf?: string;
}

/** How a model selects the events of one hub log source. */
export interface SourceSelector {
  /** The EQL event category (`process`, `network` …), for ECS. */
  eqlCategory?: string;
  /** The KQL table. */
  table?: string;
  /** A KQL function that stands for a table (ASIM's `imProcessCreate`), called without arguments. */
  function?: string;
  /** Conditions added to every query of this kind (and recognised, then removed, when reading one). */
  where: SelectorCondition[];
  /**
   * Conditions that other producers of the same events use to say the same thing (Elastic Defend's
   * `event.action == "exec"` for a Linux process start): recognised and removed when reading, never written.
   */
  recognised?: SelectorCondition[];
}

/** A value written one way in the hub and another way in the model (Sigma `Initiated: 'false'` ⇄ ECS `ingress`). */
export interface ValueRewrite {
  hub: string | number | boolean;
  /** All model values that mean the hub value; the first is written, any is recognised. */
  model: (string | number | boolean)[];
}

/**
 * A model field that holds the last path component of a hub field (ECS `process.name` of Sigma `Image`):
 * `name == "x"` reads as the hub field ending in `<separator>x`.
 */
export interface BasenameField {
  field: string;
  of: string;
  separator: string;
}

/**
 * A model field that holds one part of a hub field's value (ECS `process.args`, each argument of Sigma's
 * `CommandLine`): `args == "x"` reads as the hub field containing "x", which also matches where "x" is only
 * part of an argument (broader; narrower under a negation).
 */
export interface PartField {
  field: string;
  of: string;
}

/**
 * A model field that holds a list whose elements are hub fields by position (Elastic's Auditd Logs integration
 * gathers an EXECVE record's a0, a1 … into `process.args`), and where a test of the list is true when any
 * element passes it (as EQL tests a multi-valued field).
 *
 * Written: a rule's test of a position without a field of its own in `fields` (`a1: -t`) becomes the same test
 * of the list (`process.args == "-t"`): broader, as any element now passes, not only the one at that position;
 * narrower under a negation; a test that the position is missing (`a1: null`) the other way round, since the
 * list is missing only where every position is. A rule testing several positions gets one such test each;
 * as every test only grows (or, negated, only shrinks) the events it passes, so does the whole rule, and a rule
 * with tests of both kinds is reported both ways. A position with a field of its own (`a0` as
 * `process.executable`) is written to that field, exactly.
 *
 * Read: a test of the list becomes that test of each position in `of`, or-ed (`a0: -t or a1: -t or …`); a test
 * that the list is missing, the positions' tests and-ed. That is exact for events with no more elements than
 * `of` names, which should be generous; a test that an element has a value misses one further on (narrower,
 * broader under a negation), which is said where read.
 *
 * Events: a hub event's positions are gathered, in order, into the list; a model event's list is spread back
 * into the positions, a position with a field of its own keeping that field's value.
 */
export interface ElementsField {
  field: string;
  /** The hub fields the list's elements are, in order. */
  of: string[];
}

/**
 * A hub field whose value is a list of items, any of which may pass a test (Sigma's `Data`: a Windows event's
 * unnamed data items), kept by the model one item per field, by position (Winlogbeat names them
 * `winlog.event_data.param1`, `param2` …): the inverse of ElementsField.
 *
 * Written: a test of the list becomes that test of each position, or-ed (`param1 : "*x*" or param2 : "*x*" or
 * …`); `|all` with several values, every value passed by some position (not necessarily one); a test that the
 * list is missing, every position missing, and-ed. Under a negation each position's test also requires the
 * position (`param2 != null and param2 : "*x*"`), so that where EQL reads a missing field as null, positions an
 * event does not have do not make the negation unknown. That is exact for events with no more items than
 * `fields` names, which should be generous; items further on are not looked at (a value test narrower, broader
 * under a negation; a test that the list is missing broader, narrower under a negation), which is said where
 * written.
 *
 * Read: those shapes, over every position, read back as the test of the list (items past the last position
 * are then looked at too: broader, narrower under a negation); a test of some positions alone has no hub name.
 *
 * Events: a hub event's list is spread over the positions in order (items past the last go nowhere); a model
 * event's positions are gathered back, in order, into the list.
 */
export interface PositionsField {
  /** The hub field that holds the list. */
  of: string;
  /** The model fields that hold its items, in order. */
  fields: string[];
}

export interface CategoryModel {
  logsource: HubLogsource;
  source: SourceSelector;
  /**
   * What the model's events differ in from the hub's, reported on every rule mapped through this entry
   * (Defender's DeviceProcessEvents holds every operating system's processes, so a Linux rule also reads
   * the others': broader).
   *
   * `fidelity` is that of a rule written through the entry (hub → model), `read` that of a query read through
   * it (model → hub). A scope difference reverses with the direction, so `read` defaults to the opposite of
   * `fidelity`: the Linux rule written for DeviceProcessEvents also reads other platforms' events (broader),
   * while a DeviceProcessEvents query read as a Linux rule loses them (narrower). Stated where the difference
   * does not simply reverse.
   */
  caveat?: { fidelity: 'broader' | 'narrower'; message: string; read?: 'broader' | 'narrower' };
  /**
   * Only for rules that require a hub field to have one of these values (an inbound connection: Sigma's
   * `Initiated: 'false'`), where the model names fields differently for them (Defender's local and remote ends
   * for Sysmon's initiator-first source and destination). Such an entry must come before the general one;
   * reading through it says the condition again in the hub.
   */
  when?: { field: string; values: (string | number)[] };
  /**
   * Hub fields whose values the model holds differently, reported wherever a rule tests them, with the
   * fidelity of a positive test (flipped under a negation): Defender's AccountName holds `user` where Sysmon's
   * User holds `DOMAIN\user`, so a test of the domain part finds nothing (narrower).
   */
  fieldNotes?: Record<string, { fidelity: 'broader' | 'narrower'; message: string }>;
  /** Hub field name → model field name. */
  fields: Record<string, string>;
  /**
   * Where the model keeps hub fields that `fields` does not name: under this prefix, by their hub name
   * (Winlogbeat writes every Windows event-data field as `winlog.event_data.<Name>`). Without it, such a
   * field is unmapped.
   */
  fieldPrefix?: string;
  /**
   * Model fields that hold a copy of a hub field's value under another name (Elastic copies
   * `azure.auditlogs.operation_name` to `event.action`): read back as that hub field, never written; with
   * `values`, the copy's own words for the hub's values (Defend's `event.action: connection_attempted` is
   * Sigma's `Initiated: 'true'`).
   */
  copies?: Record<string, string | { field: string; values: ValueRewrite[] }>;
  /**
   * The model field that holds the event's text (Syslog's `SyslogMessage`, ECS `message`): Sigma keyword
   * searches are written as substring tests on it (narrower: Sigma looks in every field).
   */
  keywordField?: string;
  /** Hub field name → its value rewrites. */
  values?: Record<string, ValueRewrite[]>;
  /**
   * Hub fields whose two values the model says only by whether one of its fields has a value (hub → model
   * only): Elastic's CloudTrail outcome, Sigma `status: success` / `failure`, is whether AWSCloudTrail's
   * ErrorCode is empty. A test of another value, or by another operator, is unmapped.
   */
  presence?: Record<string, { field: string; present: string; absent: string }>;
  basenames?: BasenameField[];
  parts?: PartField[];
  elements?: ElementsField[];
  positions?: PositionsField[];
  /**
   * Hub fields that hold a list of `KEY=value` pairs (Sysmon's `Hashes`: `SHA256=…,IMPHASH=…`), kept by the
   * model as one field per key: key → model field. A rule's `KEY=value` is a test of that field; a key the
   * model does not keep is left out (narrower), a value without a key is looked for in every kept field.
   */
  keyed?: Record<string, Record<string, string>>;
  /**
   * The value type of model fields whose type differs from how Sigma rules write values (a numeric column
   * compared with `'3'`, a text column with `4624`): values are converted when written.
   */
  types?: Record<string, 'number' | 'string'>;
  /**
   * Fields the model does not store as columns but extracts from an XML column (Sentinel's `Event` table keeps
   * Sysmon's data in `EventData`): with the document order of the fields known, written as one KQL `parse` of
   * the fields a rule uses, in that order; without it, as one `extract()` of each `<Data Name="…">` element.
   * Every hub field that `fields` does not name is read this way. `names` gives the XML's name where it differs
   * from the hub's (Defender writes 'Threat Name', Sigma ThreatName); with `layout: 'elements'` each field is an
   * element of its own name (`<Operation>…</Operation>`), as events that keep their data in UserData write it.
   */
  extract?: {
    column: string;
    order?: string[];
    names?: Record<string, string>;
    layout?: 'data' | 'elements';
  };
  /**
   * Model fields that group events the way a hub field does, for join keys only (ECS `host.id` groups by
   * host as Sigma's `Computer` does).
   */
  keyAliases?: Record<string, string>;
  /**
   * Model fields whose values are unique only within another field's value, for join keys (Defender's
   * ProcessUniqueId is unique per device; the hub's ProcessGuid, like Sysmon's and ECS's entity ids, across
   * devices), with the fields that name that scope (DeviceId, DeviceName): a rule that joins by the first is
   * written to join by the first scope field too, unless it already joins by one of them, and that added key is
   * left out when such a query is read.
   */
  keyScopes?: Record<string, string[]>;
  /**
   * Hub join keys the model says only by several of its fields together: hub field → those fields, and the
   * fields that name their scope. Defender for Endpoint on Linux and macOS leaves ProcessUniqueId empty; there a
   * process is the one with its process id and creation time on its device (ProcessId and ProcessCreationTime of
   * a process row, InitiatingProcessId and InitiatingProcessCreationTime of the acting process), as Microsoft's
   * hunting guidance says, where the hub's ProcessGuid is one id unique across devices.
   *
   * For join keys only: a test of the hub field stays unmapped unless `fields` names it. Written where some step
   * has no single field for the key: each part becomes a key of its own, every step's first part joined with the
   * others' first parts and so on, and the key also joins by the first scope field unless the rule joins by one
   * of them already; a step whose key is a single field where the others' are parts (Sysmon's ProcessGuid beside
   * Defender's pair) is refused, as their values never meet. Read: keys that join by the parts of a hub field in
   * every step, in order, read as that hub field, and the added scope key is left out.
   */
  keyParts?: Record<string, { fields: string[]; scopes?: string[] }>;
}
