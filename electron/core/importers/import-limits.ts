// Every bound an import file meets, in one place. Import files come from anywhere (a mail attachment,
// a shared drive), so each bound keeps a hostile or broken file from stalling the app or exhausting
// memory, while sitting far above anything a real export holds.

/** The largest real exports we know of are a few hundred KiB; a 20 MiB file is not an authenticator. */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024

/** An agency with a hundred thousand accounts is far beyond any real vault. */
export const MAX_IMPORT_ENTRIES = 100_000

/** Exports that come zipped hold a handful of files; a thousand is not an export. */
export const MAX_ZIP_ENTRIES = 1000

/** Email addresses top out at 254 characters; issuers and account names are shorter still. */
export const MAX_NAME_CHARS = 512
export const MAX_GROUP_CHARS = 256
export const MAX_NOTE_CHARS = 10_000
export const MAX_TAGS = 32
export const MAX_TAG_CHARS = 128
export const MAX_HANDLE_CHARS = 256
export const MAX_PHONE_CHARS = 64
/** What a failed entry shows of its name: enough to recognise it, never a flood in a dialog. */
export const MAX_FAILED_NAME_CHARS = 100

// Key-derivation caps. Real exports use far less (Aegis scrypt N=2^15, Ente Argon2 64 MiB, Bitwarden
// PBKDF2 600,000); above these a file is either hostile or not what it claims to be.
export const MAX_SCRYPT_N = 2 ** 20
export const MAX_SCRYPT_R = 32
export const MAX_SCRYPT_P = 16
export const MAX_KDF_MEMORY_BYTES = 1024 * 1024 * 1024
export const MAX_ARGON2_PASSES = 20
export const MAX_ARGON2_PARALLELISM = 16
export const MAX_PBKDF2_ITERATIONS = 10_000_000

/** A phone screenshot is ~3 MP and a camera photo ~12 MP; 16.7 MP (4096²) bounds decode memory and time. */
export const MAX_IMAGE_PIXELS = 4096 * 4096
/** Larger images are scanned shrunk to about this size: QR codes in them stay far above jsQR's needs. */
export const MAX_SCAN_PIXELS = 1_500_000
/** Google splits a big export over several QR codes; more than this in one image is not an export. */
export const MAX_QR_CODES_PER_IMAGE = 10
