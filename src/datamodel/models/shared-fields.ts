import type { CategoryModel } from '../types.js';

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

/**
 * How ECS says Sysmon's `Initiated`, on every operating system: `network.direction` (ECS ingress/egress; older
 * Elastic Defend and Winlogbeat versions wrote incoming/outgoing and inbound/outbound), and Elastic Defend's
 * `event.action` (an outbound connect() is `connection_attempted`, an accepted one `connection_accepted`), which is
 * therefore read back as the direction rather than dropped as a mere selector.
 */
export const ECS_CONNECTION_DIRECTION: Pick<CategoryModel, 'values' | 'copies'> = {
  values: {
    Initiated: [
      { hub: 'true', model: ['egress', 'outgoing', 'outbound'] },
      { hub: 'false', model: ['ingress', 'incoming', 'inbound'] },
    ],
  },
  copies: {
    'event.action': {
      field: 'Initiated',
      values: [
        { hub: 'true', model: ['connection_attempted'] },
        { hub: 'false', model: ['connection_accepted'] },
      ],
    },
  },
};
