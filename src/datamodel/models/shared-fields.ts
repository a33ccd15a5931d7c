/** Field-name helpers and hub field lists that the ECS and Sentinel models share. */

/** Each of `names`, its hub name under `prefix` mapped to the model's under `target`. */
export const prefixed = (prefix: string, target: string, names: string[]): Record<string, string> =>
  Object.fromEntries(names.map((n) => [`${prefix}${n}`, `${target}${n}`]));

/** The parts of an Azure audit record's initiator (`properties.initiatedBy.<part>`) that Sigma's rules test. */
export const AZURE_INITIATED_BY = [
  'user.userPrincipalName',
  'user.id',
  'user.displayName',
  'user.ipAddress',
  'app.appId',
  'app.displayName',
  'app.servicePrincipalId',
  'app.servicePrincipalName',
];

/** Sysmon's network-connection endpoints as ECS writes them, on every operating system. */
export const ECS_NETWORK_ENDPOINTS: Record<string, string> = {
  Protocol: 'network.transport',
  Initiated: 'network.direction',
  SourceIp: 'source.ip',
  SourcePort: 'source.port',
  SourceHostname: 'source.domain',
  DestinationIp: 'destination.ip',
  DestinationPort: 'destination.port',
  DestinationHostname: 'destination.domain',
};
