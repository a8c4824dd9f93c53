import type { MethodKind, PlatformId, PlatformPreset } from '../../../shared/domain/platforms.ts'

/**
 * What the window needs of each platform preset, restated: importing `shared/domain/platforms.ts`
 * would bundle zod into the page (it defines schemas at module level). The type makes a missing
 * platform a compile error, and test/e2e/catalog.spec.ts fails the day a value here drifts from the
 * core's presets.
 */
export type PlatformFacts = Pick<
  PlatformPreset,
  'name' | 'methods' | 'whatsappRequiresSms' | 'backupCodeLength' | 'backupCodesPerSet' | 'handlePrefix'
> & {
  /** One or two letters for the badge; lucide ships no brand marks. */
  mark: string
}

export const platforms: Readonly<Record<PlatformId, PlatformFacts>> = {
  instagram: {
    name: 'Instagram',
    mark: 'IG',
    methods: ['authenticator', 'sms', 'whatsapp', 'backup-codes'],
    whatsappRequiresSms: true,
    backupCodeLength: 8,
    backupCodesPerSet: 5,
    handlePrefix: '@',
  },
  facebook: {
    name: 'Facebook',
    mark: 'f',
    methods: ['authenticator', 'sms', 'whatsapp', 'backup-codes'],
    whatsappRequiresSms: true,
    backupCodeLength: 8,
    backupCodesPerSet: 10,
    handlePrefix: '',
  },
  tiktok: {
    name: 'TikTok',
    mark: 'TT',
    methods: ['authenticator', 'sms', 'backup-codes'],
    whatsappRequiresSms: false,
    backupCodeLength: 8,
    backupCodesPerSet: 5,
    handlePrefix: '@',
  },
  x: {
    name: 'X',
    mark: 'X',
    methods: ['authenticator', 'sms', 'backup-codes'],
    whatsappRequiresSms: false,
    backupCodeLength: 12,
    backupCodesPerSet: 1,
    handlePrefix: '@',
  },
  google: {
    name: 'Google',
    mark: 'G',
    methods: ['authenticator', 'sms', 'backup-codes'],
    whatsappRequiresSms: false,
    backupCodeLength: 8,
    backupCodesPerSet: 10,
    handlePrefix: '',
  },
  generic: {
    name: 'Other service',
    mark: '',
    methods: ['authenticator', 'sms', 'whatsapp', 'backup-codes'],
    whatsappRequiresSms: false,
    backupCodeLength: null,
    backupCodesPerSet: null,
    handlePrefix: '',
  },
}

/** In the order the Add dialog offers them: the agency platforms first. */
export const platformOrder: readonly PlatformId[] = [
  'instagram',
  'tiktok',
  'facebook',
  'x',
  'google',
  'generic',
]

export const methodLabels: Readonly<Record<MethodKind, string>> = {
  authenticator: 'Authenticator app',
  sms: 'SMS',
  whatsapp: 'WhatsApp',
  'backup-codes': 'Backup codes',
}
