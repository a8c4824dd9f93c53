import fc from 'fast-check'
import { getCountries, getExampleNumber, type CountryCode } from 'libphonenumber-js'
import examples from 'libphonenumber-js/mobile/examples'
import { describe, expect, it } from 'vitest'
import { extractCode } from '../../../electron/core/inbox/extract-code.ts'
import type { CodeSender } from '../../../electron/core/inbox/inbox-entry.ts'

const RUNS = 1_500

// ── phone numbers ───────────────────────────────────────────────────────────────────────────────

const PHONE_FORMATS = ['INTERNATIONAL', 'NATIONAL', 'E.164', 'RFC3966'] as const

/** Every region's example mobile number, as libphonenumber writes it in each format. */
const PHONES = getCountries().flatMap((country: CountryCode) => {
  const example = getExampleNumber(country, examples)
  return example ? PHONE_FORMATS.map((format) => ({ country, format, text: example.format(format) })) : []
})

/**
 * A few small regions write their mobile numbers as a bare 4–8 digit group or as "312 345" (Andorra),
 * which is exactly how a code is written: next to a code word and with nothing saying "phone", nobody
 * could tell them apart. The sentences below that carry no phone word leave those out.
 */
const looksLikeACode = (text: string): boolean => /^(?:\d{4,8}|\d{3} \d{3})$/.test(text)

/** Code-word sentences that name where a code went or whom to call: never a code. */
const PHONE_SENTENCES = [
  (p: string) => `Your verification code was sent to ${p}`,
  (p: string) => `Didn't request a code? Call ${p}.`,
  (p: string) => `Reply STOP to ${p} to stop receiving login codes`,
  (p: string) => `Tu código de verificación fue enviado a ${p}`,
  (p: string) => `Não pediu o código? Ligue ${p}`,
  (p: string) => `Ваш код отправлен на ${p}`,
  (p: string) => `验证码已发送至 ${p}，如非本人操作请致电 ${p}`,
]
/** Code-word sentences with nothing but the number in them: never a code unless it is written like one. */
const BARE_SENTENCES = [
  (p: string) => `Questions about your code: ${p}`,
  (p: string) => `${p} — code support`,
  (p: string) => `Código: dúvidas pelo ${p}`,
]

describe('a phone number is never the code', () => {
  it('is never taken from a code-word sentence that says it is a number to call or write to', () => {
    fc.assert(
      fc.property(fc.constantFrom(...PHONES), fc.constantFrom(...PHONE_SENTENCES), (phone, sentence) => {
        expect(extractCode(sentence(phone.text))).toBeNull()
      }),
      { numRuns: RUNS },
    )
  })

  it('is never taken from a code-word sentence when written the way phone numbers are', () => {
    const phones = PHONES.filter((phone) => !looksLikeACode(phone.text))
    fc.assert(
      fc.property(fc.constantFrom(...phones), fc.constantFrom(...BARE_SENTENCES), (phone, sentence) => {
        expect(extractCode(sentence(phone.text))).toBeNull()
      }),
      { numRuns: RUNS },
    )
  })

  it('leaves the real code in a message that also gives a number to call', () => {
    fc.assert(
      fc.property(fc.constantFrom(...PHONES), sixDigits, (phone, code) => {
        const text = `Your verification code is ${code}. Not you? Call ${phone.text} now.`
        expect(extractCode(text)?.code).toBe(code)
      }),
      { numRuns: RUNS },
    )
  })

  it('takes a number written like a code only when nothing says it is a phone number', () => {
    const codeShaped = PHONES.filter((phone) => looksLikeACode(phone.text))
    // Andorra's, Bolivia's, Gibraltar's… mobile numbers: "312 345", "71234567".
    expect(codeShaped.length).toBeGreaterThan(0)
    for (const phone of codeShaped) {
      const digits = phone.text.replace(' ', '')
      expect(extractCode(`Your code: ${phone.text}`)?.code).toBe(digits)
      expect(extractCode(`Didn't ask for this code? Call ${phone.text}`)).toBeNull()
    }
  })
})

// ── dates, times and amounts ────────────────────────────────────────────────────────────────────

const LOCALES = ['en-US', 'en-GB', 'es-ES', 'pt-BR', 'fr-FR', 'de-DE', 'it-IT', 'ru-RU', 'tr-TR', 'id-ID']
const MORE_LOCALES = [
  'ar-EG',
  'ar-SA',
  'hi-IN',
  'ja-JP',
  'zh-CN',
  'ko-KR',
  'th-TH',
  'fa-IR',
  'vi-VN',
  'pl-PL',
]
const locale = fc.constantFrom(...LOCALES, ...MORE_LOCALES)
const moment = fc.date({
  min: new Date('1990-01-01T00:00:00Z'),
  max: new Date('2099-12-31T23:59:59Z'),
  noInvalidDate: true,
})
const pad = (n: number): string => String(n).padStart(2, '0')

/** A date or time as people and phones write them: fixed numeric shapes and each locale's own. */
const writtenMoment = fc.tuple(moment, locale, fc.integer({ min: 0, max: 13 })).map(([d, loc, shape]) => {
  const [y, m, day, h, min] = [
    d.getUTCFullYear(),
    d.getUTCMonth() + 1,
    d.getUTCDate(),
    d.getUTCHours(),
    d.getUTCMinutes(),
  ]
  const intl = (options: Intl.DateTimeFormatOptions): string =>
    new Intl.DateTimeFormat(loc, { timeZone: 'UTC', ...options }).format(d)
  switch (shape) {
    case 0:
      return `${y}-${pad(m)}-${pad(day)}`
    case 1:
      return `${pad(day)}/${pad(m)}/${y}`
    case 2:
      return `${pad(day)}.${pad(m)}.${y}`
    case 3:
      return `${pad(m)}/${pad(day)}`
    case 4:
      return `${pad(h)}:${pad(min)}`
    case 5:
      return `${y}-${pad(m)}-${pad(day)}T${pad(h)}:${pad(min)}:00Z`
    case 6:
      return intl({ dateStyle: 'short' })
    case 7:
      return intl({ dateStyle: 'medium' })
    case 8:
      return intl({ dateStyle: 'long' })
    case 9:
      return intl({ dateStyle: 'full' })
    case 10:
      return intl({ timeStyle: 'short' })
    case 11:
      return intl({ timeStyle: 'medium' })
    case 12:
      return intl({ dateStyle: 'medium', timeStyle: 'short' })
    default:
      return `${y}`
  }
})

const CURRENCIES = [
  'USD',
  'EUR',
  'GBP',
  'BRL',
  'RUB',
  'TRY',
  'IDR',
  'INR',
  'JPY',
  'CNY',
  'PLN',
  'SEK',
  'CHF',
  'EGP',
  'SAR',
]
/** An amount of money as each locale writes it, with the currency's sign or its code. */
const writtenAmount = fc
  .tuple(
    fc.integer({ min: 1_000, max: 99_999_999 }),
    fc.constantFrom(0, 2),
    locale,
    fc.constantFrom(...CURRENCIES),
    fc.constantFrom('symbol' as const, 'narrowSymbol' as const, 'code' as const),
  )
  .map(([amount, fraction, loc, currency, currencyDisplay]) =>
    new Intl.NumberFormat(loc, {
      style: 'currency',
      currency,
      currencyDisplay,
      minimumFractionDigits: fraction,
      maximumFractionDigits: fraction,
    }).format(fraction === 0 ? amount : amount / 100),
  )

const MOMENT_SENTENCES = [
  (x: string) => `Your verification code expired on ${x}`,
  (x: string) => `Login code requested ${x}. If this wasn't you, change your password.`,
  (x: string) => `${x}: new sign-in to your account`,
  (x: string) => `Tu código de acceso vence el ${x}`,
  (x: string) => `Ваш код подтверждения действует до ${x}`,
  (x: string) => `您的验证码已于 ${x} 过期`,
  (x: string) => `رمز التحقق منتهي الصلاحية منذ ${x}`,
]
const AMOUNT_SENTENCES = [
  (x: string) => `Payment of ${x} approved. No verification code needed.`,
  (x: string) => `Your OTP was used for a payment of ${x}`,
  (x: string) => `Código de pagamento: ${x} debitado`,
]

describe('a date, a time or an amount is never the code', () => {
  it('is never taken from a code-word sentence', () => {
    fc.assert(
      fc.property(writtenMoment, fc.constantFrom(...MOMENT_SENTENCES), (moment, sentence) => {
        expect(extractCode(sentence(moment))).toBeNull()
      }),
      { numRuns: RUNS },
    )
  })

  it('leaves the real code in a message that also says when it was sent', () => {
    fc.assert(
      fc.property(writtenMoment, sixDigits, (moment, code) => {
        expect(extractCode(`Your login code is ${code}, requested ${moment}.`)?.code).toBe(code)
      }),
      { numRuns: RUNS },
    )
  })

  it('an amount of money is never taken from a code-word sentence', () => {
    fc.assert(
      fc.property(writtenAmount, fc.constantFrom(...AMOUNT_SENTENCES), (amount, sentence) => {
        expect(extractCode(sentence(amount))).toBeNull()
      }),
      { numRuns: RUNS },
    )
  })
})

// ── the services' messages ──────────────────────────────────────────────────────────────────────

const sixDigits = fc.stringMatching(/^\d{6}$/)

/** `{c}` the code as digits, `{s}` as "123 456", `{d}` as "123-456". */
const TEMPLATES: [CodeSender, string][] = [
  ['instagram', "{s} is your Instagram code. Don't share it."],
  ['instagram', '{c} es tu código de Instagram. No lo compartas.'],
  ['instagram', '{s} é seu código do Instagram. Não compartilhe.'],
  ['instagram', '{s} est votre code Instagram. Ne le partagez pas.'],
  ['instagram', '{s} ist dein Instagram-Code. Teile ihn nicht.'],
  ['instagram', '{s} è il tuo codice Instagram. Non condividerlo.'],
  ['instagram', '{s} — ваш код Instagram. Никому его не сообщайте.'],
  ['instagram', '{s} Instagram kodunuzdur. Kimseyle paylaşmayın.'],
  ['instagram', '{s} adalah kode Instagram Anda. Jangan bagikan kode ini.'],
  ['instagram', '{s} هو رمز Instagram الخاص بك. لا تشاركه مع أحد.'],
  ['instagram', '{s} आपका Instagram कोड है. इसे किसी के साथ शेयर न करें.'],
  ['instagram', '{s} はあなたのInstagramコードです。'],
  ['instagram', '{s} 是你的 Instagram 验证码。请勿分享。'],
  ['instagram', 'Use {c} to verify your Instagram account.'],
  ['facebook', '{c} is your Facebook login code'],
  ['facebook', 'Your Facebook code is {c}. Do not share it.'],
  ['facebook', '{c} es tu código de inicio de sesión de Facebook'],
  ['facebook', '{c} est votre code de confirmation Facebook'],
  [
    'whatsapp',
    "Your WhatsApp code: {d}\n\nYou can also tap on this link to verify your phone: v.whatsapp.com/{c}\n\nDon't share this code with others",
  ],
  ['whatsapp', 'Tu código de WhatsApp: {d}\nNo compartas este código con nadie'],
  ['whatsapp', 'Ваш код WhatsApp: {d}'],
  ['whatsapp', 'رمز واتساب الخاص بك: {d}'],
  [
    'tiktok',
    '[TikTok] {c} is your verification code, valid for 5 minutes. To keep your account safe, never forward this code.',
  ],
  ['tiktok', '[TikTok] {c} es tu código de verificación, válido durante 5 minutos.'],
  ['tiktok', '[TikTok] {c} ist dein Bestätigungscode, gültig für 5 Minuten.'],
  ['x', 'Your X confirmation code is {c}.'],
  ['x', "Your Twitter login code is {c}. Don't reply to this message with your code."],
  ['google', 'G-{c} is your Google verification code.'],
  ['google', 'G-{c} es tu código de verificación de Google.'],
  ['google', 'G-{c} ist dein Bestätigungscode von Google.'],
  ['google', 'G-{c} – ваш код подтверждения Google.'],
  ['google', 'G-{c} 是您的 Google 验证码。'],
]

describe("a code in a service's message always comes back exactly", () => {
  it.each(TEMPLATES)('%s: %s', (service, template) => {
    fc.assert(
      fc.property(sixDigits, (code) => {
        const text = template
          .replaceAll('{c}', code)
          .replaceAll('{s}', `${code.slice(0, 3)} ${code.slice(3)}`)
          .replaceAll('{d}', `${code.slice(0, 3)}-${code.slice(3)}`)
        expect(extractCode(text)).toEqual({ code, service, how: 'service-format' })
      }),
      { numRuns: 300 },
    )
  })
})

// ── other senders' codes ────────────────────────────────────────────────────────────────────────

/** 4–8 digits; a lone 19xx or 20xx reads as a year and is left out on purpose. */
const anyCode = fc.stringMatching(/^\d{4,8}$/).filter((code) => !/^(?:19|20)\d\d$/.test(code))

const FALLBACK_TEMPLATES = [
  'Your verification code is {c}. It expires in 10 minutes.',
  '{c} is your one-time password. Do not share it with anyone.',
  'Tu código de acceso es {c}. No lo compartas.',
  'Seu código de verificação: {c}',
  'Votre code de connexion : {c}',
  'Ihr Sicherheitscode lautet {c}.',
  'Il tuo codice di verifica è {c}',
  'Ваш код подтверждения: {c}. Никому не сообщайте его.',
  'Doğrulama kodunuz: {c}',
  'Kode OTP Anda adalah {c}. Jangan berikan kepada siapa pun.',
  'رمز التحقق الخاص بك هو {c}',
  'आपका ओटीपी {c} है। इसे किसी के साथ साझा न करें।',
  '認証コード：{c}',
  '您的验证码是{c}，5分钟内有效。',
  '인증번호 [{c}]를 입력해 주세요.',
]

describe("a code in another sender's wording comes back, whatever else the message says", () => {
  const noise = fc.oneof(
    fc.constantFrom(...PHONES).map((phone) => `Not you? Call ${phone.text}.`),
    writtenMoment.map((moment) => `Sent ${moment}.`),
    writtenAmount.map((amount) => `Your balance is ${amount}.`),
  )

  it('finds the code next to a code word in 15 languages, with a phone number, date or amount after it', () => {
    fc.assert(
      fc.property(anyCode, fc.constantFrom(...FALLBACK_TEMPLATES), noise, (code, template, extra) => {
        const text = `${template.replace('{c}', code)}\n${extra}`
        expect(extractCode(text)).toEqual({ code, service: null, how: 'fallback' })
      }),
      { numRuns: RUNS },
    )
  })
})

describe('any text at all', () => {
  it('gives either no code or 4–8 plain digits, and never throws', () => {
    const text = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 400 }),
      fc.string({
        unit: fc.constantFrom(...'0123456789 -+()./:,#*G[]\n'.split(''), 'code', 'FB-', '٣', '３'),
        maxLength: 60,
      }),
    )
    fc.assert(
      fc.property(text, (input) => {
        const found = extractCode(input)
        if (found) expect(found.code).toMatch(/^\d{4,8}$/)
      }),
      { numRuns: RUNS },
    )
  })
})
