import { z } from 'zod'

export const platformIds = ['instagram', 'facebook', 'tiktok', 'x', 'google', 'generic'] as const
export const platformIdSchema = z.enum(platformIds)
export type PlatformId = z.infer<typeof platformIdSchema>

export const methodKinds = ['authenticator', 'sms', 'whatsapp', 'backup-codes'] as const
export const methodKindSchema = z.enum(methodKinds)
export type MethodKind = z.infer<typeof methodKindSchema>

/**
 * What a platform's 2FA allows. The rules come from how Instagram-style services behave: WhatsApp
 * codes only once SMS is on, one phone number per account on the platform, backup codes of a fixed
 * length in sets that replace each other.
 */
export interface PlatformPreset {
  id: PlatformId
  name: string
  /** Default issuer written into otpauth URIs and shown beside the handle. */
  issuer: string
  methods: readonly MethodKind[]
  whatsappRequiresSms: boolean
  /** A phone number can be the 2FA number of only one account on this platform. */
  onePhonePerAccount: boolean
  /** Digits in one backup code, or null where codes vary. */
  backupCodeLength: number | null
  /** How many codes a fresh set holds, where the platform says. */
  backupCodesPerSet: number | null
  /** How handles are written (`@name` on Instagram). */
  handlePrefix: string
}

export const platformPresets: Readonly<Record<PlatformId, PlatformPreset>> = {
  instagram: {
    id: 'instagram',
    name: 'Instagram',
    issuer: 'Instagram',
    methods: ['authenticator', 'sms', 'whatsapp', 'backup-codes'],
    whatsappRequiresSms: true,
    onePhonePerAccount: true,
    backupCodeLength: 8,
    backupCodesPerSet: 5,
    handlePrefix: '@',
  },
  facebook: {
    id: 'facebook',
    name: 'Facebook',
    issuer: 'Facebook',
    methods: ['authenticator', 'sms', 'whatsapp', 'backup-codes'],
    whatsappRequiresSms: true,
    onePhonePerAccount: true,
    backupCodeLength: 8,
    backupCodesPerSet: 10,
    handlePrefix: '',
  },
  tiktok: {
    id: 'tiktok',
    name: 'TikTok',
    issuer: 'TikTok',
    methods: ['authenticator', 'sms', 'backup-codes'],
    whatsappRequiresSms: false,
    onePhonePerAccount: true,
    backupCodeLength: 8,
    backupCodesPerSet: 5,
    handlePrefix: '@',
  },
  x: {
    id: 'x',
    name: 'X',
    issuer: 'X',
    methods: ['authenticator', 'sms', 'backup-codes'],
    whatsappRequiresSms: false,
    onePhonePerAccount: true,
    backupCodeLength: 12,
    backupCodesPerSet: 1,
    handlePrefix: '@',
  },
  google: {
    id: 'google',
    name: 'Google',
    issuer: 'Google',
    methods: ['authenticator', 'sms', 'backup-codes'],
    whatsappRequiresSms: false,
    onePhonePerAccount: false,
    backupCodeLength: 8,
    backupCodesPerSet: 10,
    handlePrefix: '',
  },
  generic: {
    id: 'generic',
    name: 'Other service',
    issuer: '',
    methods: ['authenticator', 'sms', 'whatsapp', 'backup-codes'],
    whatsappRequiresSms: false,
    onePhonePerAccount: false,
    backupCodeLength: null,
    backupCodesPerSet: null,
    handlePrefix: '',
  },
}
