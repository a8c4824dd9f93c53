import type { TeamErrorCode } from '../../../shared/team/team-api.ts'

/**
 * A refusal the server means to give: its code picks the HTTP status (teamErrorStatus) and its message
 * is written for a person. A message names ids or fields at most, never a value a device sent.
 */
export class TeamHttpError extends Error {
  override readonly name = 'TeamHttpError'
  readonly code: TeamErrorCode

  constructor(code: TeamErrorCode, message: string) {
    super(message)
    this.code = code
  }
}

export function teamError(code: TeamErrorCode, message: string): TeamHttpError {
  return new TeamHttpError(code, message)
}
