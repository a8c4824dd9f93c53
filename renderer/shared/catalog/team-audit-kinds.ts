/** What each kind of team audit entry means, in the words the Team audit shows. */
export const teamAuditKindLabels: Record<string, string> = {
  'team-created': 'Team created',
  'member-invited': 'Member invited',
  'device-invited': 'Device invited',
  'device-joined': 'Joined (waiting for confirmation)',
  'device-confirmed': 'Device confirmed',
  'device-recertified': 'Device re-certified',
  'role-changed': 'Role changed',
  'device-removed': 'Device removed',
  'member-removed': 'Member removed',
  'client-shared': 'Client shared',
  'client-granted': 'Client granted',
  'client-revoked': 'Client taken back',
  'key-rotated': 'Client key replaced',
  'record-written': 'Account changed',
  'backup-codes-added': 'Backup codes stored',
  'backup-code-claimed': 'Backup code claimed',
  'exposure-cleared': 'Exposure flag cleared',
  'code-copied': 'Code copied',
  'backup-code-shown': 'Backup code shown',
  'secret-shown': 'Secret shown',
}

export function teamAuditKindLabel(kind: string): string {
  return teamAuditKindLabels[kind] ?? kind
}
