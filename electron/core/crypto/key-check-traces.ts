/**
 * Node 24's crypto tells a key given as bytes from a KeyObject or a CryptoKey by reading a private
 * slot inside try/catch: every createHmac, createCipheriv or hkdfSync with raw key bytes throws and
 * catches two TypeErrors, and capturing their stack traces was most of what the call cost (about two
 * thirds of an HMAC with a 20-byte key). No error of that check ever leaves Node, so
 * calls that take a key run with stack traces off; any other error they throw still reaches the
 * caller, only without a trace.
 *
 * Importing keys as KeyObjects once would avoid the check as well, but Node keeps a KeyObject's copy
 * of the key until it is garbage-collected: bytes we own can be zeroed the moment the vault locks.
 */
export function withoutKeyCheckTraces<T>(call: () => T): T {
  const limit = Error.stackTraceLimit
  Error.stackTraceLimit = 0
  try {
    return call()
  } finally {
    Error.stackTraceLimit = limit
  }
}
