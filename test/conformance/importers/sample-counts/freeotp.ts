import type { SampleCount } from './sample-count.ts'

/** This group's third-party samples with the counts their source projects assert. */
export const samples: SampleCount[] = [
  { path: 'aegis/importers/freeotp.xml', format: 'freeotp-rooted', entries: 4, failed: 0 },
  { path: 'aegis/importers/freeotp_plus_internal.xml', format: 'freeotp-rooted', entries: 6, failed: 0 },
  { path: 'aegis/importers/freeotp_plus.json', format: 'freeotp-plus', entries: 6, failed: 0 },
  {
    path: 'aegis/importers/freeotp_v2_api23.xml',
    password: 'test',
    format: 'freeotp-backup',
    entries: 6,
    failed: 0,
  },
  {
    path: 'aegis/importers/freeotp_v2_api25.xml',
    password: 'test',
    format: 'freeotp-backup',
    entries: 6,
    failed: 0,
  },
  {
    path: 'aegis/importers/freeotp_v2_api27.xml',
    password: 'test',
    format: 'freeotp-backup',
    entries: 6,
    failed: 0,
  },
  {
    path: 'aegis/importers/freeotp_v2_api34.xml',
    password: 'test',
    format: 'freeotp-backup',
    entries: 6,
    failed: 0,
  },
  {
    path: 'aegis/importers/freeotp_v2_null_algo.xml',
    password: 'test',
    format: 'freeotp-backup',
    entries: 1,
    failed: 0,
  },
]
