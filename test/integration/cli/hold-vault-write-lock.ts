import Database from 'better-sqlite3'

// Another process holding the vault's write lock (a long import, a password change re-sealing
// thousands of accounts): `node hold-vault-write-lock.ts FILE MS` takes it, says "holding", keeps it
// for MS milliseconds and lets go without changing anything.
const [file, ms] = process.argv.slice(2)
if (!file || !ms) throw new Error('usage: hold-vault-write-lock.ts FILE MS')
const db = new Database(file, { fileMustExist: true })
db.exec('BEGIN IMMEDIATE')
process.stdout.write('holding\n')
setTimeout(() => {
  db.exec('ROLLBACK')
  db.close()
}, Number(ms))
