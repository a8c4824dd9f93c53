import { describe, expect, it } from 'vitest'
import { extractCode, formatCodeForDisplay } from '../../../electron/core/inbox/extract-code.ts'
import type { CodeSender } from '../../../electron/core/inbox/inbox-entry.ts'

type Row = [language: string, text: string, code: string, service: CodeSender]

// The services' own wordings, as their messages read in each language.
const INSTAGRAM: Row[] = [
  ['en', "123 456 is your Instagram code. Don't share it.", '123456', 'instagram'],
  ['en', "123456 is your Instagram login code. Don't share it.", '123456', 'instagram'],
  ['en', 'Use 482 913 to verify your Instagram account.', '482913', 'instagram'],
  ['en', "Instagram code: 482913. Don't share it.", '482913', 'instagram'],
  ['es', '123 456 es tu código de Instagram. No lo compartas.', '123456', 'instagram'],
  ['es', 'Tu código de Instagram es 482913. No lo compartas con nadie.', '482913', 'instagram'],
  ['pt', '123 456 é seu código do Instagram. Não compartilhe.', '123456', 'instagram'],
  ['pt', 'Seu código do Instagram é 482913. Não o compartilhe.', '482913', 'instagram'],
  ['fr', '123 456 est votre code Instagram. Ne le partagez pas.', '123456', 'instagram'],
  ['fr', 'Votre code Instagram : 482913. Ne le partagez pas.', '482913', 'instagram'],
  ['de', '123 456 ist dein Instagram-Code. Teile ihn nicht.', '123456', 'instagram'],
  ['de', 'Dein Instagram-Code lautet 482913. Gib ihn an niemanden weiter.', '482913', 'instagram'],
  ['de', 'Verwende 482913, um dein Instagram-Konto zu bestätigen.', '482913', 'instagram'],
  ['es', 'Usa 482913 para verificar tu cuenta de Instagram.', '482913', 'instagram'],
  ['ru', 'Используйте код 482913, чтобы подтвердить аккаунт Instagram.', '482913', 'instagram'],
  ['tr', 'Instagram hesabını doğrulamak için 482913 kodunu kullan.', '482913', 'instagram'],
  ['ar', 'استخدم 482913 للتحقق من حسابك على Instagram.', '482913', 'instagram'],
  ['zh', '使用 482913 验证你的 Instagram 账户。', '482913', 'instagram'],
  ['it', '123 456 è il tuo codice Instagram. Non condividerlo.', '123456', 'instagram'],
  ['ru', '123 456 — ваш код Instagram. Никому его не сообщайте.', '123456', 'instagram'],
  ['ru', 'Ваш код для входа в Instagram: 482913', '482913', 'instagram'],
  ['uk', '123 456 — ваш код Instagram. Нікому його не повідомляйте.', '123456', 'instagram'],
  ['tr', '123 456 Instagram kodunuzdur. Kimseyle paylaşmayın.', '123456', 'instagram'],
  ['id', '123 456 adalah kode Instagram Anda. Jangan bagikan kode ini.', '123456', 'instagram'],
  ['ms', '123456 ialah kod Instagram anda. Jangan kongsikannya.', '123456', 'instagram'],
  ['ar', '123 456 هو رمز Instagram الخاص بك. لا تشاركه مع أحد.', '123456', 'instagram'],
  ['hi', '123 456 आपका Instagram कोड है. इसे किसी के साथ शेयर न करें.', '123456', 'instagram'],
  ['ja', '123 456 はあなたのInstagramコードです。他の人と共有しないでください。', '123456', 'instagram'],
  ['zh', '123 456 是你的 Instagram 验证码。请勿分享。', '123456', 'instagram'],
  ['zh-Hant', '123 456 是你的 Instagram 驗證碼。請勿分享。', '123456', 'instagram'],
  ['ko', 'Instagram 인증 코드: 123456. 공유하지 마세요.', '123456', 'instagram'],
  ['vi', '123 456 là mã Instagram của bạn. Đừng chia sẻ mã này.', '123456', 'instagram'],
  ['th', '123456 คือรหัส Instagram ของคุณ อย่าแชร์รหัสนี้', '123456', 'instagram'],
  ['pl', '123 456 to Twój kod Instagram. Nie udostępniaj go.', '123456', 'instagram'],
  ['nl', '123 456 is je Instagram-code. Deel deze niet.', '123456', 'instagram'],
  ['el', '123456 είναι ο κωδικός σας για το Instagram. Μην τον κοινοποιήσετε.', '123456', 'instagram'],
  ['ro', '123456 este codul tău Instagram. Nu îl distribui.', '123456', 'instagram'],
  ['cs', '123456 je váš kód pro Instagram. Nikomu ho nesdělujte.', '123456', 'instagram'],
  ['bn', '123456 আপনার Instagram কোড। এটি শেয়ার করবেন না।', '123456', 'instagram'],
  ['sw', '123456 ni msimbo wako wa Instagram. Usiushiriki.', '123456', 'instagram'],
  ['en', "123 456 is your Instagram code. Don't share it.\n\n@instagram.com #123456", '123456', 'instagram'],
]

const FACEBOOK: Row[] = [
  ['en', 'FB-12345 is your Facebook confirmation code', '12345', 'facebook'],
  ['en', '12345678 is your Facebook login code', '12345678', 'facebook'],
  ['en', 'Your Facebook code is 48291305. Do not share it.', '48291305', 'facebook'],
  ['en', '482913 is your Facebook password reset code', '482913', 'facebook'],
  ['en', 'Facebook: 48291305 is your login code', '48291305', 'facebook'],
  ['es', 'FB-12345 es tu código de confirmación de Facebook', '12345', 'facebook'],
  ['es', '48291305 es tu código de inicio de sesión de Facebook', '48291305', 'facebook'],
  ['pt', 'FB-12345 é seu código de confirmação do Facebook', '12345', 'facebook'],
  ['pt', '482913 é o seu código de redefinição de senha do Facebook', '482913', 'facebook'],
  ['fr', 'FB-12345 est votre code de confirmation Facebook', '12345', 'facebook'],
  ['de', 'FB-12345 ist dein Facebook-Bestätigungscode', '12345', 'facebook'],
  ['it', 'FB-12345 è il tuo codice di conferma di Facebook', '12345', 'facebook'],
  ['ru', 'FB-12345 — ваш код подтверждения Facebook', '12345', 'facebook'],
  ['tr', '482913 Facebook onay kodunuzdur', '482913', 'facebook'],
  ['id', '482913 adalah kode konfirmasi Facebook Anda', '482913', 'facebook'],
  ['ar', 'FB-12345 هو رمز تأكيد فيسبوك الخاص بك', '12345', 'facebook'],
  ['hi', '482913 आपका Facebook पुष्टि कोड है', '482913', 'facebook'],
  ['ja', '482913 はあなたのFacebook認証コードです', '482913', 'facebook'],
  ['zh', '482913 是你的 Facebook 验证码', '482913', 'facebook'],
  ['vi', 'FB-12345 là mã xác nhận Facebook của bạn', '12345', 'facebook'],
]

const WHATSAPP: Row[] = [
  [
    'en',
    "Your WhatsApp code: 123-456\n\nYou can also tap on this link to verify your phone: v.whatsapp.com/123456\n\nDon't share this code with others",
    '123456',
    'whatsapp',
  ],
  ['en', '<#> Your WhatsApp code: 482-913\nDo not share this code\n4sgLq1p5sV6', '482913', 'whatsapp'],
  ['en', 'Your WhatsApp Business code: 482-913', '482913', 'whatsapp'],
  ['es', 'Tu código de WhatsApp: 482-913\nNo compartas este código con nadie', '482913', 'whatsapp'],
  ['pt', 'Seu código do WhatsApp: 482-913\nNão compartilhe este código', '482913', 'whatsapp'],
  ['fr', 'Votre code WhatsApp : 482-913\nNe partagez pas ce code', '482913', 'whatsapp'],
  ['de', 'Dein WhatsApp-Code: 482-913\nTeile diesen Code nicht', '482913', 'whatsapp'],
  ['it', 'Il tuo codice WhatsApp: 482-913\nNon condividere questo codice', '482913', 'whatsapp'],
  ['ru', 'Ваш код WhatsApp: 482-913\nНе сообщайте этот код другим', '482913', 'whatsapp'],
  ['tr', 'WhatsApp kodunuz: 482-913\nBu kodu paylaşmayın', '482913', 'whatsapp'],
  ['id', 'Kode WhatsApp Anda: 482-913\nJangan bagikan kode ini', '482913', 'whatsapp'],
  ['ar', 'رمز واتساب الخاص بك: 482-913\nلا تشارك هذا الرمز', '482913', 'whatsapp'],
  ['hi', 'आपका WhatsApp कोड: 482-913\nयह कोड किसी के साथ शेयर न करें', '482913', 'whatsapp'],
  ['ja', 'WhatsAppコード：482-913\nこのコードを他の人と共有しないでください', '482913', 'whatsapp'],
  ['zh', '你的 WhatsApp 代码：482-913\n请勿与他人分享此代码', '482913', 'whatsapp'],
]

const TIKTOK: Row[] = [
  [
    'en',
    '[TikTok] 123456 is your verification code, valid for 5 minutes. To keep your account safe, never forward this code.',
    '123456',
    'tiktok',
  ],
  [
    'es',
    '[TikTok] 482913 es tu código de verificación, válido durante 5 minutos. Para mantener tu cuenta segura, nunca reenvíes este código.',
    '482913',
    'tiktok',
  ],
  ['pt', '[TikTok] 482913 é o seu código de verificação, válido por 5 minutos.', '482913', 'tiktok'],
  ['fr', '[TikTok] 482913 est votre code de vérification, valable 5 minutes.', '482913', 'tiktok'],
  ['de', '[TikTok] 482913 ist dein Bestätigungscode, gültig für 5 Minuten.', '482913', 'tiktok'],
  ['it', '[TikTok] 482913 è il tuo codice di verifica, valido per 5 minuti.', '482913', 'tiktok'],
  ['ru', '[TikTok] 482913 — ваш код подтверждения, действителен 5 минут.', '482913', 'tiktok'],
  ['tr', '[TikTok] 482913 doğrulama kodunuzdur, 5 dakika geçerlidir.', '482913', 'tiktok'],
  ['id', '[TikTok] 482913 adalah kode verifikasi Anda, berlaku selama 5 menit.', '482913', 'tiktok'],
  ['ar', '[TikTok] 482913 هو رمز التحقق الخاص بك، صالح لمدة 5 دقائق.', '482913', 'tiktok'],
  ['ja', '[TikTok] 482913 があなたの認証コードです。5分間有効です。', '482913', 'tiktok'],
  ['vi', '[TikTok] 482913 là mã xác minh của bạn, có hiệu lực trong 5 phút.', '482913', 'tiktok'],
  ['th', '[TikTok] 482913 คือรหัสยืนยันของคุณ ใช้ได้ 5 นาที', '482913', 'tiktok'],
]

const X: Row[] = [
  ['en', 'Your X confirmation code is 482913.', '482913', 'x'],
  ['en', "Your Twitter login code is 482913. Don't reply to this message with your code.", '482913', 'x'],
  ['en', 'Use 482913 as your login code for X.', '482913', 'x'],
  ['es', 'Tu código de confirmación de X es 482913.', '482913', 'x'],
  ['pt', 'Seu código de confirmação do X é 482913.', '482913', 'x'],
  ['fr', 'Votre code de confirmation X est 482913.', '482913', 'x'],
  ['de', 'Dein X-Bestätigungscode lautet 482913.', '482913', 'x'],
  ['ja', 'Xの認証コードは482913です。', '482913', 'x'],
]

const GOOGLE: Row[] = [
  ['en', 'G-482913 is your Google verification code.', '482913', 'google'],
  ['en', 'Your Google verification code is 482913', '482913', 'google'],
  ['es', 'G-482913 es tu código de verificación de Google.', '482913', 'google'],
  ['pt', 'G-482913 é seu código de verificação do Google.', '482913', 'google'],
  ['fr', 'G-482913 est votre code de validation Google.', '482913', 'google'],
  ['de', 'G-482913 ist dein Bestätigungscode von Google.', '482913', 'google'],
  ['it', 'G-482913 è il tuo codice di verifica Google.', '482913', 'google'],
  ['ru', 'G-482913 – ваш код подтверждения Google.', '482913', 'google'],
  ['tr', 'G-482913 Google doğrulama kodunuzdur.', '482913', 'google'],
  ['id', 'G-482913 adalah kode verifikasi Google Anda.', '482913', 'google'],
  ['ar', 'G-482913 هو رمز التحقق من Google.', '482913', 'google'],
  ['hi', 'G-482913 आपका Google सत्यापन कोड है.', '482913', 'google'],
  ['ja', 'G-482913 が Google の確認コードです。', '482913', 'google'],
  ['zh', 'G-482913 是您的 Google 验证码。', '482913', 'google'],
  ['ko', 'G-482913 은(는) Google 인증 코드입니다.', '482913', 'google'],
]

describe('extractCode reads the services’ own code messages', () => {
  const rows = [...INSTAGRAM, ...FACEBOOK, ...WHATSAPP, ...TIKTOK, ...X, ...GOOGLE]

  it.each(rows)('%s: %s', (_language, text, code, service) => {
    expect(extractCode(text)).toEqual({ code, service, how: 'service-format' })
  })
})

describe('the digits fallback takes a code a code word points at', () => {
  it.each([
    ['Your verification code is 482913.', '482913'],
    ['Your one-time password: 4829', '4829'],
    ['OTP 48291305 for your login. Valid 10 minutes.', '48291305'],
    ['*482913* is your verification code. For your security, do not share this code.', '482913'],
    ['Código de acceso: 482 913', '482913'],
    ['Seu código de verificação: 482-913', '482913'],
    ['Votre code de connexion est 48291', '48291'],
    ['Ihr Sicherheitscode: 482913', '482913'],
    ['Il codice di accesso è 482913', '482913'],
    ['Код подтверждения: 482913', '482913'],
    ['Doğrulama kodunuz 482913', '482913'],
    ['Kode OTP kamu 482913, berlaku 5 menit', '482913'],
    ['رمز التحقق: 482913', '482913'],
    ['رمز التحقق الخاص بك هو ٤٨٢٩١٣', '482913'],
    ['आपका ओटीपी 482913 है', '482913'],
    ['আপনার কোড ৪৮২৯১৩', '482913'],
    ['รหัส OTP ของคุณคือ ๔๘๒๙๑๓', '482913'],
    ['認証コード：４８２９１３', '482913'],
    ['您的验证码是482913，5分钟内有效。', '482913'],
    ['인증번호 [482913]을 입력해 주세요.', '482913'],
    ['Your code is 482913. Call +1 415-555-0123 if you did not ask for it.', '482913'],
    ['Your code is 482913. Order 77881234 is unaffected.', '482913'],
    ['Your login code is 482913 (requested 06.12.2026 at 12:30).', '482913'],
    ['Verification code: 482913\nhttps://example.com/v/123456', '482913'],
    ['Your code (482913) expires in 10 minutes.', '482913'],
    ['Your code is 482913. Visit us at 1601 Willow Rd.', '482913'],
    ['Your verification code:\n482913', '482913'],
    ['482913\n\nThis is your one-time password.', '482913'],
    ['OTP for txn of INR 2,500.00 at AMAZON on card XX1234 is 482913. Valid till 12:30.', '482913'],
    ['Your verification code is 482913 and it expires in 1440 minutes', '482913'],
    ['Your login code is 482913. Reply STOP to 40404 to stop receiving codes.', '482913'],
  ])('%s', (text, code) => {
    expect(extractCode(text)).toEqual({ code, service: null, how: 'fallback' })
  })

  it('says whose code it is from a brand the text names', () => {
    expect(extractCode('Instagram: your security code 482913')).toEqual({
      code: '482913',
      service: 'instagram',
      how: 'fallback',
    })
    expect(extractCode('TikTok: 4829 is your code')).toMatchObject({ code: '4829', service: 'tiktok' })
  })

  it('says whose code it is from the sender when the text does not', () => {
    expect(extractCode('Your verification code is 482913', { from: 'FACEBOOK' })).toEqual({
      code: '482913',
      service: 'facebook',
      how: 'fallback',
    })
    expect(extractCode('Your login code is 482913', { from: '40404' })?.service).toBe('x')
    expect(extractCode('Your login code is 482913', { from: '32665' })?.service).toBe('facebook')
    expect(extractCode('Your code is 482913', { from: 'VM-Google' })?.service).toBe('google')
    // Twilio's WhatsApp sender is a phone number on the WhatsApp channel, not WhatsApp itself.
    expect(extractCode('Your code is 482913', { from: 'whatsapp:+14155238886' })?.service).toBeNull()
    expect(extractCode('Your code is 482913', { from: '+14155550123' })?.service).toBeNull()
  })

  it('lets the wording name the service over the sender', () => {
    expect(extractCode("123 456 is your Instagram code. Don't share it.", { from: '32665' })).toEqual({
      code: '123456',
      service: 'instagram',
      how: 'service-format',
    })
  })
})

describe('extractCode finds no code where there is none, or more than one', () => {
  it.each([
    ['marketing', 'Summer sale! 50% off everything until Sunday. Shop now at example.com'],
    ['a promotion code', 'Use promo code 2580 for 20% off your next order'],
    ['a used code', 'Your Instagram code was used to log in. If this wasn’t you, secure your account.'],
    ['a warning without digits', "Never share your verification code with anyone. We'll never ask for it."],
    ['only a phone number', 'Call me back on +44 20 7946 0958'],
    ['a phone number near a code word', 'Your code will be sent to +1 (415) 555-0123'],
    ['a national number near a code word', 'Questions about your code? Call 020 7946 0958'],
    ['a US local number', 'Did not get a code? Call 555-0123'],
    ['an ISO date', 'Your verification code expired on 2026-12-06'],
    ['a day/month/year date', 'The code you requested on 06/12/2026 has expired'],
    ['a dotted date', 'Code gültig bis 06.12.2026'],
    ['a short date', 'Your code expired on 12/06'],
    ['a written date', 'Your code expires Dec 6 2026'],
    ['a time', 'Your login code was requested at 12:30'],
    ['a year alone', 'Your code is valid until 2026'],
    ['an amount in euros', 'Your card code was used for a payment of €1,234'],
    ['an amount in dollars', 'Payment of $10.00 approved. Verification not needed.'],
    ['an amount written the European way', 'Zahlung über 1.000,00 EUR bestätigt, kein Code nötig'],
    ['an amount with a currency word', 'OTP not required: payment of 1500 USD approved'],
    [
      'a bank message',
      'Your account ending 4821 was debited INR 2500.00 on 06-12-2026. Not you? Call 1800 123 456',
    ],
    ['a tracking number', 'Your parcel is on its way. Tracking code: 12345678'],
    ['a Brazilian tracking code', 'Seu pedido foi enviado! Código de rastreio: AA123456789BR'],
    ['an order number', 'Your order 12345678 has shipped. Verification code not needed.'],
    ['a link with digits', 'Verify your account: https://example.com/verify/482913'],
    ['an e-mail address with digits', 'Your code was sent to ana482913@example.com'],
    ['a card number', 'Code sent for card ****4821'],
    ['two different codes', 'Your code: 482913. Your backup code: 135790'],
    [
      'two different service codes',
      'G-482913 is your Google verification code. G-135790 is your Google verification code.',
    ],
    ['a long number', 'Your verification reference 4829130571 is attached'],
    ['an alphanumeric X code', 'Your X confirmation code is a1b2c3d4'],
    [
      'an alphanumeric code and a duration',
      'Your X confirmation code is a1b2c3d4. It expires in 2880 seconds',
    ],
    ['a discount next to a promotion code', 'Use code SAVE20 to get 1500 off'],
    ['points next to a promotion code', 'Save 3000 points with code FALL'],
    ['a booking reference', 'Your confirmation number is 48291305'],
    ['an appointment', 'Reply YES to confirm your appointment on 12/06 at 10:30'],
    ['an order to confirm', 'Confirm your order 12345678 online'],
    ['an id glued to letters', 'Verification ID AB48291'],
    ['a postal code', 'Verify your address: zip code 90210'],
    ['a short code to write to', 'Reply STOP to 40404 to stop receiving login codes'],
    ['an IP address', 'New login to your account from 203.0.113.54. Not you? Change your password.'],
    ['nine digits', 'Your verification code is 482913057'],
    ['an area code in brackets', 'Code questions: (11) 91234-5678'],
  ])('%s', (_what, text) => {
    expect(extractCode(text)).toBeNull()
  })
})

describe('formatCodeForDisplay', () => {
  it('splits six and eight digits in halves and leaves other lengths as they are', () => {
    expect(formatCodeForDisplay('123456')).toBe('123 456')
    expect(formatCodeForDisplay('12345678')).toBe('1234 5678')
    expect(formatCodeForDisplay('12345')).toBe('12345')
    expect(formatCodeForDisplay('1234')).toBe('1234')
    expect(formatCodeForDisplay('1234567')).toBe('1234567')
  })
})
