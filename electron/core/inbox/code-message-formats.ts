import type { CodeSender } from './inbox-entry.ts'

/*
 * How Instagram, Facebook, WhatsApp, TikTok, X and Google word their code messages, per language.
 *
 * The services localise one sentence shape ("123 456 is your Instagram code", "G-123456 es tu código de
 * verificación de Google", "Your WhatsApp code: 123-456"), so a template names the language's wording once
 * and `{brand}` stands for any of the six names; the brand the text really used says whose code it is.
 * Template syntax (compiled by extract-code.ts, case-insensitive): a plain space means "one or more blanks",
 * `{code}` the code (an optional `G-`/`FB-` prefix, then 4–8 digits or "123 456"/"123-456"), `{brand}` a
 * service's name, `{w}` one word; everything else is a regular expression.
 */

/** Names the services go by in their messages, the Latin one first. */
export const BRAND_NAMES: Record<CodeSender, readonly string[]> = {
  instagram: ['Instagram', 'إنستغرام', 'انستغرام', 'انستقرام', 'इंस्टाग्राम', 'インスタグラム', 'Инстаграм'],
  facebook: ['Facebook', 'فيسبوك', 'फ़ेसबुक', 'フェイスブック', 'Фейсбук'],
  whatsapp: ['WhatsApp', 'واتساب', 'व्हाट्सएप'],
  tiktok: ['TikTok', 'تيك توك'],
  // "X" alone is matched only inside a template (and only as a capital), never when scanning a text for brands.
  x: ['Twitter', 'X'],
  google: ['Google', 'جوجل', 'गूगल'],
}

/**
 * Digit counts each service's codes have: a template match outside them is not that service's code (and
 * goes to the fallback like any other text). Facebook's are 6–8 (its 5-digit ones carry `FB-`, below).
 */
export const CODE_LENGTHS: Record<CodeSender, { min: number; max: number }> = {
  instagram: { min: 6, max: 6 },
  facebook: { min: 6, max: 8 },
  whatsapp: { min: 6, max: 6 },
  tiktok: { min: 4, max: 6 },
  x: { min: 6, max: 8 },
  google: { min: 6, max: 6 },
}

/** The sentence shapes, by language (ISO 639-1), each with `{code}` and usually `{brand}`. */
export const CODE_SENTENCES: Readonly<Record<string, readonly string[]>> = {
  en: [
    '{code} is your {brand} (?:{w} ){0,3}code',
    '{code} is your (?:{w} ){0,2}code for {brand}',
    'your {brand} (?:{w} ){0,3}code(?: is|:)\\s*{code}',
    '{brand} (?:{w} ){0,2}code:\\s*{code}',
    '{brand}:\\s*(?:your )?(?:{w} ){0,3}code(?: is|:)\\s*{code}',
    '{brand}:\\s*{code} is your (?:{w} ){0,3}code',
    'use {code} (?:to|as) (?:{w} ){0,6}?{brand}',
  ],
  es: [
    '{code} es (?:tu|su|el) código (?:{w} ){0,5}?{brand}',
    '(?:tu|su|el) código (?:{w} ){0,5}?{brand}(?: es|\\s*:)\\s*{code}',
    'usa {code} para (?:{w} ){0,5}?{brand}',
  ],
  pt: [
    '{code} é (?:o )?(?:seu|teu) código (?:{w} ){0,5}?{brand}',
    '(?:seu|teu) código (?:{w} ){0,5}?{brand}(?: é|\\s*:)\\s*{code}',
    'use {code} para (?:{w} ){0,5}?{brand}',
  ],
  fr: [
    '{code} est (?:votre|ton) code (?:{w} ){0,5}?{brand}',
    '(?:votre|ton) code (?:{w} ){0,5}?{brand}(?: est|\\s*:)\\s*{code}',
    'utilisez {code} pour (?:{w} ){0,5}?{brand}',
  ],
  de: [
    '{code} ist (?:dein|deine|Ihr|Ihre) {brand}-?(?:{w})?code',
    '{code} ist (?:dein|Ihr) (?:{w})?code (?:von|für|bei) {brand}',
    '(?:dein|Ihr) {brand}-?(?:{w})?code(?: lautet| ist|:)\\s*{code}',
    '{brand}-Code:\\s*{code}',
    'verwende {code},? um (?:{w} ){0,3}?{brand}',
  ],
  it: [
    '{code} è il (?:tuo|suo) codice (?:{w} ){0,5}?{brand}',
    '(?:tuo|suo) codice (?:{w} ){0,5}?{brand}(?: è|\\s*:)\\s*{code}',
    'usa {code} per (?:{w} ){0,5}?{brand}',
  ],
  // Russian and Ukrainian share these words ("ваш код").
  ru: [
    '{code}\\s*(?:-\\s*)?(?:это )?(?:ваш|твой) (?:{w} ){0,3}?код (?:{w} ){0,3}?{brand}',
    '(?:ваш|твой) (?:{w} ){0,2}?код (?:{w} ){0,3}?{brand}\\s*:?\\s*{code}',
    'код (?:{w} ){0,2}?{brand}:\\s*{code}',
    'код {code},? (?:{w} ){0,5}?{brand}',
  ],
  tr: [
    '{code},? {brand} (?:{w} ){0,2}?kod[\\p{L}]*',
    '{brand} (?:{w} ){0,2}?kod[\\p{L}]*(?: şudur)?\\s*:\\s*{code}',
    '{brand} (?:{w} ){0,3}?{code} kod[\\p{L}]*',
  ],
  // Indonesian and Malay.
  id: [
    '{code} (?:adalah|ialah|merupakan) kode? (?:{w} ){0,3}?{brand}',
    'kode? (?:{w} ){0,3}?{brand}(?: (?:Anda|kamu))?(?: adalah| ialah|\\s*:)\\s*{code}',
    'gunakan {code} (?:{w} ){0,5}?{brand}',
  ],
  ar: [
    '{code} (?:هو|هي) (?:{w} ){0,4}?{brand}',
    '(?:رمز|كود) (?:{w} ){0,3}?{brand}(?: الخاص بك)?(?: هو)?\\s*:?\\s*{code}',
    'استخدم {code} (?:{w} ){0,5}?{brand}',
  ],
  hi: [
    '{code} (?:आपका|तुम्हारा) (?:{w} ){0,3}?{brand} (?:{w} ){0,2}?(?:कोड|ओटीपी|OTP)',
    '(?:आपका|तुम्हारा) {brand} (?:{w} ){0,2}?(?:कोड|ओटीपी|OTP)(?: है)?\\s*:?\\s*{code}',
  ],
  ja: [
    '{code}\\s*(?:は|が)\\s*(?:あなたの)?\\s*{brand}\\s*(?:の)?\\s*[\\p{L}]{0,6}?(?:コード|番号)',
    '{brand}\\s*(?:の)?\\s*[\\p{L}]{0,6}?(?:コード|番号)\\s*(?:は|:)\\s*{code}',
  ],
  zh: [
    '{code}\\s*(?:是|为|為)\\s*(?:你|您)的\\s*{brand}\\s*[\\p{L}]{0,4}?(?:码|碼)',
    '(?:你|您)的\\s*{brand}\\s*[\\p{L}]{0,4}?(?:码|碼)\\s*(?:是|为|為)?\\s*:?\\s*{code}',
    '{brand}\\s*(?:验证码|驗證碼)\\s*:?\\s*{code}',
    '使用\\s*{code}\\s*(?:验证|驗證)(?:你|您)的\\s*{brand}',
  ],
  ko: [
    '{brand}\\s*(?:인증\\s*)?(?:코드|번호)(?:는|은)?\\s*:?\\s*{code}',
    '{code}\\s*(?:은|는)(?:\\((?:은|는)\\))?\\s*(?:회원님의\\s*|귀하의\\s*)?{brand}',
  ],
  vi: ['{code} là mã (?:{w} ){0,4}?{brand}', 'mã (?:{w} ){0,4}?{brand}(?: của bạn)?(?: là|\\s*:)\\s*{code}'],
  th: [
    '{code}\\s*คือ\\s*รหัส[\\p{L}\\p{M}\\s]{0,20}?{brand}',
    'รหัส[\\p{L}\\p{M}\\s]{0,20}?{brand}[\\p{L}\\p{M}\\s]{0,10}?(?:คือ|:)\\s*{code}',
  ],
  pl: [
    '{code} to (?:Twój|Twoj) kod (?:{w} ){0,3}?{brand}',
    'kod (?:{w} ){0,3}?{brand}(?: to|\\s*:)\\s*{code}',
  ],
  nl: [
    '{code} is (?:je|jouw|uw) {brand}-?(?:{w})?code',
    '{code} is (?:je|jouw|uw) (?:{w})?code (?:van|voor) {brand}',
    '(?:je|jouw|uw) {brand}-?(?:{w})?code(?: is|:)\\s*{code}',
  ],
  el: ['{code} είναι ο κωδικός (?:σας )?(?:{w} ){0,3}?{brand}'],
  ro: ['{code} este codul (?:tău|dvs\\.?) (?:{w} ){0,3}?{brand}'],
  cs: ['{code} je (?:váš|tvůj) (?:{w} ){0,2}?kód (?:{w} ){0,2}?{brand}'],
  fa: ['(?:کد|رمز) (?:{w} ){0,3}?{brand}(?: شما)?\\s*:?\\s*{code}'],
  bn: ['{code} (?:আপনার|তোমার) {brand} (?:{w} ){0,2}?কোড'],
  ur: ['{code} (?:آپ کا) {brand} (?:{w} ){0,2}?(?:کوڈ|کوڈ)'],
  sw: ['{code} ni (?:msimbo|nambari) (?:wako )?(?:{w} ){0,2}?{brand}', 'msimbo wako wa {brand} ni\\s*{code}'],
}

/**
 * Marks that name the service by themselves, in any language: Google's and Facebook's prefixes, TikTok's
 * bracketed name right before the code, and WhatsApp's own registration code, always written "123-456" after
 * the name ("Your WhatsApp code: 123-456", "Tu código de WhatsApp: 123-456", "Ваш код WhatsApp: 123-456").
 * Each has one named group, `code`; `{before}`/`{after}` keep it from being part of a longer number.
 */
export const SERVICE_MARKS: readonly { service: CodeSender; pattern: string }[] = [
  { service: 'google', pattern: '(?<![\\p{L}\\p{N}])G-(?<code>\\d{6}){after}' },
  { service: 'facebook', pattern: '(?<![\\p{L}\\p{N}])FB-(?<code>\\d{5,8}){after}' },
  { service: 'tiktok', pattern: '\\[TikTok\\]\\s*(?<code>\\d{4,6}){after}' },
  {
    service: 'whatsapp',
    pattern: 'WhatsApp(?: Business)?[^\\d\\n]{0,40}?{before}(?<code>\\d{3}-\\d{3}){after}',
  },
]

/**
 * The sites whose SMS end in the WebOTP line "@instagram.com #123456" (the browser's own one-time-code
 * format): a code that says which site it is for.
 */
export const ORIGIN_SERVICES: readonly { domain: string; service: CodeSender }[] = [
  { domain: 'instagram.com', service: 'instagram' },
  { domain: 'facebook.com', service: 'facebook' },
  { domain: 'whatsapp.com', service: 'whatsapp' },
  { domain: 'tiktok.com', service: 'tiktok' },
  { domain: 'x.com', service: 'x' },
  { domain: 'twitter.com', service: 'x' },
  { domain: 'google.com', service: 'google' },
]

/**
 * Senders whose name or short code says whose message it is. Alphanumeric sender ids as the services use
 * them, and the US short codes we are sure of: 32665 (FBOOK, Facebook) and 40404 (Twitter, now X).
 * Exact names only: Twilio's WhatsApp sender is "whatsapp:+1…", which is a number, not WhatsApp.
 */
export const SENDER_SERVICES: Readonly<Record<string, CodeSender>> = {
  instagram: 'instagram',
  facebook: 'facebook',
  whatsapp: 'whatsapp',
  tiktok: 'tiktok',
  twitter: 'x',
  google: 'google',
  '32665': 'facebook',
  '40404': 'x',
}

/*
 * The fallback's words. Entries are regular expressions. `SPACED` words are whole words (a letter on
 * either side makes them something else); `JOINED` ones are from scripts that attach particles or write
 * without spaces (Arabic "الرمز", Japanese "認証コード"), so they match inside longer words.
 */

/** Words that say a number nearby is a code. */
export const CODE_WORDS = {
  SPACED: [
    // en
    'codes?',
    'otp',
    'pin',
    'passcode',
    'password',
    'verification',
    'verify',
    'log-?in',
    'sign-?in',
    'one-time',
    'authentication',
    // es, pt, it, fr, de, nl (German and Dutch compounds end in -code: Bestätigungscode, verificatiecode)
    'c[oó]digo',
    'codice',
    'clave',
    'contraseña',
    // verificar, verificare, verificación, verificação; confirmar, confirmer, confirmação
    'verific[\\p{L}]*',
    'confirm[\\p{L}]*',
    'vérifi[\\p{L}]*',
    'bestätig[\\p{L}]*',
    'verifizier[\\p{L}]*',
    'anmeld[\\p{L}]*',
    'senha',
    'mot de passe',
    'connexion',
    '[\\p{L}]+code',
    'passwort',
    'kennwort',
    'wachtwoord',
    // ru, uk
    'код[\\p{L}]*',
    'парол[\\p{L}]*',
    'подтвержд[\\p{L}]*',
    // tr, id, ms, pl, cs, ro, el, vi, sw
    'kod[\\p{L}]*',
    'kode',
    'şifre[\\p{L}]*',
    'doğrulama',
    'sandi',
    'verifikasi',
    'hasło',
    'kód',
    'codul',
    'κωδικ[\\p{L}]*',
    'mã',
    'xác minh',
    'mật khẩu',
    'msimbo',
  ],
  JOINED: [
    'رمز',
    'كود',
    'التحقق',
    'كلمة المرور',
    'کد',
    'کوڈ',
    'कोड',
    'ओटीपी',
    'सत्यापन',
    'वेरिफ़ाई',
    'पुष्टि',
    'পাসওয়ার্ড',
    'কোড',
    'コード',
    '認証',
    '暗証番号',
    'パスワード',
    '验证',
    '驗證',
    '代码',
    '代碼',
    '校验码',
    '动态码',
    '動態碼',
    '密码',
    '密碼',
    '인증',
    '코드',
    '비밀번호',
    'รหัส',
    'קוד',
  ],
} as const

/**
 * Words that, just before a number, say it is something else: an order, parcel, invoice or booking
 * number, a postal code, a promotion, or a number to call.
 */
export const NOT_A_CODE_LABELS = {
  SPACED: [
    'orders?',
    'tracking',
    'track',
    'parcel',
    'package',
    'shipment',
    'invoice',
    'ref\\.?',
    'reference',
    'ticket',
    'booking',
    'reservation',
    'account (?:no\\.?|number|nr\\.?)',
    'card',
    'ending(?: in)?',
    'customer',
    'member',
    'no\\.',
    'nr\\.?',
    'nº',
    'n°',
    'id',
    'zip',
    'post(?:al)? ?code',
    'cep',
    'plz',
    'promo[\\p{L}]*',
    'confirmation (?:number|no\\.?)',
    'coupon',
    'voucher',
    'discount',
    'desconto',
    'descuento',
    'remise',
    'rabatt',
    'sconto',
    'скидк[\\p{L}]*',
    'pedido',
    'encomenda',
    'rastreio',
    'rastreamento',
    'env[ií]o',
    'seguimiento',
    'commande',
    'colis',
    'suivi',
    'facture',
    'bestellung',
    'sendung[\\p{L}]*',
    'auftrag',
    'rechnung',
    'ordine',
    'spedizione',
    'fattura',
    'заказ[\\p{L}]*',
    'посылк[\\p{L}]*',
    'трек[\\p{L}]*',
    'sipariş[\\p{L}]*',
    'kargo',
    'fatura',
    'pesanan',
    'resi',
    'call',
    'tel\\.?',
    'phone',
    'mobile',
    'contact',
    'llam[\\p{L}]*',
    'ligue',
    'telefone',
    'tel[eé]fono',
    'appel[\\p{L}]*',
    'anruf[\\p{L}]*',
    'chiama',
    'звон[\\p{L}]*',
    'позвон[\\p{L}]*',
    'телефон[\\p{L}]*',
    'hubungi',
    // "Reply STOP to 40404", "Text HELP to 32665": the short code to write to, not a code.
    'stop',
    '(?:help|info|start) to',
    'reply',
    'unsubscribe',
    // Where a code went: "sent to 7123 4567" is a phone number even written like a code.
    '(?:sent|texted) to',
    'enviado (?:a|para)',
    'envoyé au',
    'gesendet an',
    'inviato al',
    'отправлен на',
  ],
  JOINED: [
    // zh: "sent to", "call"
    '发送至',
    '发送到',
    '發送至',
    '致电',
    '致電',
    '拨打',
    '撥打',
    'طلب',
    'شحنة',
    'اتصل',
    'ऑर्डर',
    'कॉल',
    '注文',
    '订单',
    '訂單',
    '快递',
    '运单',
    '電話',
    '电话',
    '주문',
    '전화',
  ],
} as const

/**
 * Currency signs and local names around an amount ("€1234", "1234 zł", "1500 руб.", "1500円"); ISO codes
 * ("INR 1500", "1500 PLN") come from Intl's own list.
 */
const CURRENCY_SIGNS = '(?:[$€£¥₹₽₺₩₫฿₦₱₴₸₪₼₾₨৳₲₵₡₭₮円元원]|บาท)'
const CURRENCY_WORDS =
  'rs\\.?|rp\\.?|r\\$|tl|zł|kr|kč|ft|lei|руб[\\p{L}]*|грн|rupees?|reais|euros?|dollars?|pesos?|lira|ريال|جنيه|درهم|ر\\.س|د\\.إ'
export const CURRENCY_BEFORE = `(?:${CURRENCY_SIGNS}|(?<![\\p{L}])(?:${CURRENCY_WORDS}))\\s*$`
/** What else a number counts: points, minutes, megabytes, a discount ("1500 off"). */
const UNIT_WORDS =
  'points?|pts|pontos|puntos|punkte|punti|баллов|bonus|miles|km|kg|mb|gb|sms|min(?:utes?|utos|uti|uten)?|sec(?:onds?)?|hours?|horas|days?|días|dias|off'
export const UNIT_AFTER = `^\\s*(?:[\\p{L}]{0,3}${CURRENCY_SIGNS}|%|(?:${CURRENCY_WORDS}|${UNIT_WORDS})(?![\\p{L}]))`
