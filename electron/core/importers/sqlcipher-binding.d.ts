// better-sqlite3-multiple-ciphers ships its types (index.d.ts) but its package.json `exports` map does
// not name them, so TypeScript's bundler resolution cannot find them. This declares the part the
// Authenticator Plus reader (formats/authenticator-plus.ts) and its test builder use.

declare module 'better-sqlite3-multiple-ciphers' {
  interface CipherStatement {
    all(...parameters: unknown[]): unknown[]
    get(...parameters: unknown[]): unknown
    run(...parameters: unknown[]): unknown
  }

  interface CipherDatabase {
    prepare(sql: string): CipherStatement
    pragma(source: string): unknown
    exec(sql: string): unknown
    /** sqlite3_key with these bytes as the passphrase (never passed through SQL). */
    key(key: Buffer): number
    unsafeMode(unsafe?: boolean): unknown
    close(): unknown
  }

  const Database: new (
    filename: string,
    options?: { readonly?: boolean; fileMustExist?: boolean; timeout?: number },
  ) => CipherDatabase

  export = Database
}
