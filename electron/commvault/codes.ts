/** Names for Commvault's numeric codes (from the SDK's enums); an unknown code is named, never a crash. */

const PHASE_NAMES: readonly (string | undefined)[] = [
  'Script Execution',
  'Power On',
  'Power Off',
  'Reboot',
  'Guest Tools Status Check',
  'Create Network Switch',
  'Delete Network Switch',
  'Replication',
  'Backup',
  'Configure Network Switch',
  'Port Configuration',
  'IP Masquerading',
  'Static IP Mapping',
  'Initialization',
  'Waiting on IP Assignment',
  'Disable Sync',
  'Enable Sync',
  'Create Snapshot',
  'Delete Snapshot',
  'Revert Snapshot',
  'Disable Network Adapter',
  'Auxiliary Copy',
  'Post Operation',
  'Backup Copy',
  'Shutdown',
  'Storage Operation',
  'Finalize',
  'DR Approval',
  'Delete VM',
  'Create VM',
  'Get VM Information',
  'Create DR VM',
  'Post VM Failover',
  'Mount Snap Primary',
  'DR VM Snap Mount',
  'Break Volume Relationship',
  'Resync Volume Relationship',
  'DR VM Snap Unmount',
  'DR Test VM Snap Mount',
  'DR Test VM Snap Unmount',
  'Delete DR VM',
  'Post VM Failover (Snap)',
  'Clone VM',
  'Refresh VM',
  'Check VM Boot Status',
  undefined,
  undefined,
  undefined,
  'Live Mount',
  'Initialize Undo Failover',
  'Post Undo Failover',
  'Restore VM',
  'Pre Script Execution',
  'Post Script Execution',
  'VM Level',
];

export function phaseName(code: number): string {
  return PHASE_NAMES[code] ?? `Phase ${code}`;
}

const GROUP_OPERATION_TYPES: ReadonlyMap<number, string> = new Map([
  [1, 'Live Mount'],
  [2, 'Live Sync'],
  [4, 'Restore'],
  [8, 'Live Recovery'],
  [16, 'Failover'],
  [32, 'Virtual Lab'],
  [64, 'Oracle EBS App'],
  [128, 'Enterprise App'],
  [256, 'Test Failover'],
]);

export function groupOperationTypeName(code: number | null): string {
  if (code === null) return 'Unknown';
  return GROUP_OPERATION_TYPES.get(code) ?? `Type ${code}`;
}
