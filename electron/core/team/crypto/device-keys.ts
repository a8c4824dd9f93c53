import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto'
import { TwofoldError } from '../../errors.ts'
import { copySecret } from '../../crypto/secret-bytes.ts'

export const DEVICE_KEY_BYTES = 32

/** Raw 32-byte halves: the private one is X25519's scalar or Ed25519's seed, stored sealed in the vault. */
export interface DeviceKeyPair {
  publicKey: Uint8Array
  privateKey: Uint8Array
}

/** A device's two key pairs: X25519 to receive wrapped client keys, Ed25519 to sign tokens and certificates. */
export interface DeviceKeys {
  agreement: DeviceKeyPair
  signing: DeviceKeyPair
}

type DeviceKeyType = 'x25519' | 'ed25519'

/**
 * Raw keys go in and out through fixed DER envelopes (RFC 8410) rather than Node's newer raw formats,
 * so the same code runs on every Node the app and the server ship with. Each envelope ends with the 32
 * key bytes.
 */
const pkcs8Prefix: Record<DeviceKeyType, Buffer> = {
  x25519: Buffer.from('302e020100300506032b656e04220420', 'hex'),
  ed25519: Buffer.from('302e020100300506032b657004220420', 'hex'),
}
const spkiPrefix: Record<DeviceKeyType, Buffer> = {
  x25519: Buffer.from('302a300506032b656e032100', 'hex'),
  ed25519: Buffer.from('302a300506032b6570032100', 'hex'),
}

export function generateDeviceKeys(): DeviceKeys {
  return { agreement: generatePair('x25519'), signing: generatePair('ed25519') }
}

export function importAgreementPrivateKey(privateKey: Uint8Array): KeyObject {
  return importPrivate('x25519', privateKey)
}

export function importAgreementPublicKey(publicKey: Uint8Array): KeyObject {
  return importPublic('x25519', publicKey)
}

export function importSigningPrivateKey(privateKey: Uint8Array): KeyObject {
  return importPrivate('ed25519', privateKey)
}

export function importSigningPublicKey(publicKey: Uint8Array): KeyObject {
  return importPublic('ed25519', publicKey)
}

/** The public half that belongs with a stored private half, to check a vault's keys still pair up. */
export function agreementPublicKeyFor(privateKey: Uint8Array): Buffer {
  return rawPublic(createPublicKey(importAgreementPrivateKey(privateKey)))
}

export function signingPublicKeyFor(privateKey: Uint8Array): Buffer {
  return rawPublic(createPublicKey(importSigningPrivateKey(privateKey)))
}

function generatePair(type: DeviceKeyType): DeviceKeyPair {
  // The overloads of generateKeyPairSync need a literal type to pick KeyObject results.
  const { publicKey, privateKey } =
    type === 'x25519' ? generateKeyPairSync('x25519') : generateKeyPairSync('ed25519')
  const der = privateKey.export({ format: 'der', type: 'pkcs8' })
  const raw = copySecret(der.subarray(der.length - DEVICE_KEY_BYTES))
  der.fill(0)
  return { publicKey: rawPublic(publicKey), privateKey: raw }
}

function rawPublic(publicKey: KeyObject): Buffer {
  const der = publicKey.export({ format: 'der', type: 'spki' })
  return Buffer.from(der.subarray(der.length - DEVICE_KEY_BYTES))
}

function importPrivate(type: DeviceKeyType, privateKey: Uint8Array): KeyObject {
  if (privateKey.length !== DEVICE_KEY_BYTES) {
    throw new TwofoldError('internal', 'A stored device key has the wrong length.')
  }
  const der = Buffer.concat([pkcs8Prefix[type], privateKey])
  try {
    return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' })
  } finally {
    der.fill(0)
  }
}

function importPublic(type: DeviceKeyType, publicKey: Uint8Array): KeyObject {
  const name = type === 'x25519' ? 'agreement' : 'signing'
  if (publicKey.length !== DEVICE_KEY_BYTES) {
    throw new TwofoldError('invalid-request', `A device's public ${name} key should be 32 bytes long.`)
  }
  try {
    return createPublicKey({ key: Buffer.concat([spkiPrefix[type], publicKey]), format: 'der', type: 'spki' })
  } catch {
    throw new TwofoldError('invalid-request', `A device's public ${name} key is not a valid key.`)
  }
}
