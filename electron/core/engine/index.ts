// The engine's public surface. otplib-options.ts and the message helpers stay internal, so callers
// cannot reach otplib without our limits in front of it.
export {
  checkCounter,
  checkDigits,
  checkOtpParameters,
  checkPeriod,
  DEFAULT_DIGITS,
  DEFAULT_PERIOD,
  MAX_COUNTER,
  MAX_DIGITS,
  MAX_PERIOD,
  MAX_SECRET_BYTES,
  MIN_DIGITS,
  MIN_SECRET_BYTES,
  OTP_ALGORITHMS,
  parseAlgorithm,
  STEAM_PARAMETERS,
  type HotpParameters,
  type OtpAlgorithm,
  type OtpParameters,
  type OtpType,
  type SteamParameters,
  type TimeBasedParameters,
  type TotpParameters,
} from './otp-parameters.ts'
export { decodeBase32Secret, encodeBase32Secret } from './secret-text.ts'
export { encodeSteamCode, isSteamCode, STEAM_ALPHABET, STEAM_CODE_LENGTH } from './steam-guard.ts'
export { isHotp, isTimeBased, PreparedSecret, wipeAll } from './prepared-secret.ts'
export {
  generateCode,
  generateHotpCode,
  generateTimeCode,
  secondsRemaining,
  timeStepAt,
} from './generate-code.ts'
export {
  DEFAULT_HOTP_LOOK_AHEAD,
  findHotpCounter,
  MAX_HOTP_LOOK_AHEAD,
  normalizeTypedCode,
  verifyTimeCode,
  type HotpCounterMatch,
  type TimeCodeMatch,
} from './verify-code.ts'
export {
  buildOtpAuthUri,
  MAX_OTPAUTH_URI_LENGTH,
  parseOtpAuthUri,
  type OtpAuthAccount,
} from './otpauth-uri.ts'
