import { it } from 'vitest'
import { parseOtpAuthUri, buildOtpAuthUri } from '../../../electron/core/engine/otpauth-uri'
import { PreparedSecret } from '../../../electron/core/engine/prepared-secret'
import { generateTimeCode, generateHotpCode } from '../../../electron/core/engine/generate-code'
it('smoke', () => {
  const a = parseOtpAuthUri('OTPAUTH://TOTP/ACME%3Ajohn@x.com?secret=jbsw y3dp ehpk3pxp&issuer=ACME&algorithm=sha256&foo=bar')
  console.log(a, buildOtpAuthUri(a))
  const s = PreparedSecret.fromBase32({ type: 'totp', algorithm: 'SHA1', digits: 8, period: 30 }, 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ')
  console.log(generateTimeCode(s, 59000))
  const st = PreparedSecret.fromBase32({ type: 'steam', algorithm: 'SHA1', digits: 5, period: 30 }, '63BEDWCQZKTQWPESARIERL5DTTQFCJTK')
  console.log(generateTimeCode(st, 1511200518000))
  const h = PreparedSecret.fromBase32({ type: 'hotp', algorithm: 'SHA1', digits: 6 }, 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ')
  console.log(generateHotpCode(h, 0), generateHotpCode(h, 9))
})
