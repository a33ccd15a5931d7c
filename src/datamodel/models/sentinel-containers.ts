import type { CategoryModel } from '../types.js';

/**
 * Process starts in containers, as Microsoft Defender for Cloud (Defender for Containers' sensor on AKS, EKS and
 * GKE nodes) reports them to Defender XDR's `CloudProcessEvents` table. Column meanings are those of the table's
 * reference (learn.microsoft.com/defender-xdr/advanced-hunting-cloudprocessevents-table): ProcessCommandLine
 * "command line used to create the new process", ProcessId "PID of the newly created process", ParentProcessId
 * the parent's PID (a string column), ProcessCurrentWorkingDirectory the process's working directory, AccountName
 * "user name of the account", ContainerId / ContainerName / ContainerImageName / KubernetesNamespace /
 * KubernetesPodName the workload's. FileName is the started executable's name: Microsoft Threat Intelligence
 * hunts it as in DeviceProcessEvents (`CloudProcessEvents | where FileName in~ ("node", "node.exe")`). FolderPath
 * carries the Defender XDR tables' column name and description ("folder containing the file that the recorded
 * action was applied to"), which in DeviceProcessEvents is the executable's full path, and is read so.
 *
 * Not mapped, as their content is not documented precisely enough: ProcessName and ParentProcessName ("the name
 * of the process", name or path unsaid), so a rule that tests the parent's image stays refused; ActionType (its
 * values are given only in the portal). The table has no parent command line, hashes or host name column in the
 * declared schema.
 */
const cloudProcessCreation: CategoryModel = {
  logsource: { category: 'process_creation', product: 'linux' },
  // Every row is a process of a container workload; Defender for Containers' sensor runs on Linux nodes.
  source: { table: 'CloudProcessEvents', where: [] },
  caveat: {
    fidelity: 'narrower',
    message:
      "CloudProcessEvents holds only the processes of container workloads that Defender for Cloud protects (Kubernetes clusters), not the hosts' own: the query reads no process outside a container",
  },
  fieldNotes: {
    Image: {
      fidelity: 'narrower',
      message:
        "CloudProcessEvents' FolderPath is read as the executable's full path, as in Defender's DeviceProcessEvents (the table's reference calls it the folder containing the file): were it the folder alone, a test of the file name would find nothing",
    },
  },
  fields: {
    Image: 'FolderPath',
    CommandLine: 'ProcessCommandLine',
    CurrentDirectory: 'ProcessCurrentWorkingDirectory',
    ProcessId: 'ProcessId',
    ParentProcessId: 'ParentProcessId',
    User: 'AccountName',
    LogonId: 'LogonId',
    'container.id': 'ContainerId',
    'container.name': 'ContainerName',
    'container.image.name': 'ContainerImageName',
    'orchestrator.namespace': 'KubernetesNamespace',
    'orchestrator.resource.name': 'KubernetesPodName',
  },
  basenames: [{ field: 'FileName', of: 'Image', separator: '/' }],
  types: { ProcessId: 'number', ParentProcessId: 'string', LogonId: 'number' },
};

/** The default KQL profile's entries for container workloads, after Defender's device tables and ASIM's. */
export const SENTINEL_CONTAINER_CATEGORIES: CategoryModel[] = [cloudProcessCreation];
