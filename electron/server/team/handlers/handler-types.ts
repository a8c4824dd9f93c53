import type { z } from 'zod'
import type { TeamResponse, TeamRoute, teamApi } from '../../../../shared/team/team-api.ts'
import type { TeamTx } from '../team-tx.ts'

type Spec<R extends TeamRoute> = (typeof teamApi)[R]
type Part<R extends TeamRoute, K extends string> =
  Spec<R> extends Record<K, z.ZodType> ? z.output<Spec<R>[K]> : undefined

/** A request as its route's schemas parsed it. */
export interface TeamInput<R extends TeamRoute> {
  params: Part<R, 'params'>
  query: Part<R, 'query'>
  body: Part<R, 'body'>
}

export type TeamHandler<R extends TeamRoute> = (tx: TeamTx, input: TeamInput<R>) => Promise<TeamResponse<R>>

export type TeamHandlers = { [R in TeamRoute]: TeamHandler<R> }
