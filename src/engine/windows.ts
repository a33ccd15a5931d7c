/**
 * The JSON rendering of Windows EVTX events (as in SigmaHQ's regression data) seen through Sigma's
 * taxonomy. Sigma names EventData fields by their `Data Name` (`Image`, `CommandLine`) and System header
 * values by element name, or `Element_Attribute` for attributes (`Provider_Name`, `Execution_ProcessID`):
 *
 *   Event.System.EventID                         → EventID
 *   Event.System.Channel / Computer / Level …    → Channel / Computer / Level …
 *   Event.System.Provider.#attributes.Name       → Provider_Name (likewise Provider_Guid)
 *   Event.System.TimeCreated.#attributes.SystemTime → TimeCreated_SystemTime
 *   Event.System.Execution.#attributes.ProcessID → Execution_ProcessID (likewise ThreadID)
 *   Event.System.Security.#attributes.UserID     → Security_UserID
 *   Event.EventData.<Name>                       → <Name> (wins over a System name it shadows)
 *   Event.UserData.<Element>.<Name>              → <Name>
 *   a data name with spaces ('Threat Name')      → also ThreatName (Sigma: "spaces stripped")
 *   Event.EventData.Data[{#attributes:{Name}, #text}] → <Name> (the XML-shaped rendering)
 *
 * The original `Event` object is kept, so full paths still resolve. Other shapes pass through unchanged.
 */

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const ATTRIBUTES = '#attributes';
const TEXT = '#text';

function flattenSystem(system: Record<string, unknown>, out: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(system)) {
    if (key === ATTRIBUTES) continue;
    if (isRecord(value)) {
      const attributes = value[ATTRIBUTES];
      if (isRecord(attributes)) for (const [name, v] of Object.entries(attributes)) out[`${key}_${name}`] = v;
      if (TEXT in value) out[key] = value[TEXT];
      else if (!isRecord(attributes)) out[key] = value;
    } else out[key] = value;
  }
}

function flattenData(data: Record<string, unknown>, out: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(data)) {
    if (key === ATTRIBUTES) continue;
    // Some renderings keep the XML shape: Data: [{"#attributes": {"Name": "Image"}, "#text": "C:\\…"}].
    if (
      key === 'Data' &&
      Array.isArray(value) &&
      value.every((d) => isRecord(d) && isRecord(d[ATTRIBUTES]))
    ) {
      for (const d of value as Array<Record<string, unknown>>) {
        const name = (d[ATTRIBUTES] as Record<string, unknown>).Name;
        if (typeof name === 'string') setData(out, data, name, TEXT in d ? d[TEXT] : null);
      }
      continue;
    }
    setData(out, data, key, isRecord(value) && TEXT in value ? value[TEXT] : value);
  }
}

function setData(out: Record<string, unknown>, data: Record<string, unknown>, key: string, v: unknown): void {
  out[key] = v;
  // Sigma names a field whose log name has spaces by the name without them ('Threat Name' → ThreatName).
  const compact = key.replace(/\s+/g, '');
  if (compact !== key && !(compact in data)) out[compact] = v;
}

export function windowsEventView(event: unknown): unknown {
  if (!isRecord(event) || !isRecord(event.Event)) return event;
  const root = event.Event;
  const out: Record<string, unknown> = { Event: root };
  if (isRecord(root.System)) flattenSystem(root.System, out);
  if (isRecord(root.EventData)) flattenData(root.EventData, out);
  if (isRecord(root.UserData)) {
    for (const element of Object.values(root.UserData)) if (isRecord(element)) flattenData(element, out);
  }
  return out;
}
