/** A user's data model (`--mapping FILE`) of one Sentinel entry, as a schema check sees it. */
export function oneEntryModel(entry: Record<string, unknown>, product = 'linux'): unknown {
  return {
    id: 'mine',
    title: 'mine',
    dialect: 'kql',
    categories: [
      {
        logsource: { category: 'process_creation', product },
        source: { table: 'DeviceProcessEvents', where: [] },
        fields: {},
        ...entry,
      },
    ],
  };
}
