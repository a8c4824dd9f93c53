import { describe, expect, it } from 'vitest'
import {
  looksLikeSharedPrefs,
  MAX_SHARED_PREFS_BYTES,
  readSharedPrefs,
  sharedPrefsOfSample,
} from '../../../electron/core/importers/android-shared-prefs.ts'
import { ImportSample } from '../../../electron/core/importers/import-sample.ts'
import { isTwofoldError } from '../../../electron/core/errors.ts'

const KIND = 'test settings file'
const bytes = (value: string): Buffer => Buffer.from(value, 'utf8')

function errorCode(read: () => unknown): string | undefined {
  try {
    read()
  } catch (error) {
    return isTwofoldError(error) ? error.code : `not typed: ${String(error)}`
  }
  return undefined
}

const android = `<?xml version='1.0' encoding='utf-8' standalone='yes' ?>
<map>
    <string name="tok&quot;en">{&quot;a&quot;:&quot;&lt;b&gt; &amp; &apos;c&apos; &#233;&#x1F600;&quot;}</string>
    <string name="empty" />
    <string name="spaces">  two  spaces  </string>
    <int name="count" value="-42" />
    <long name="big" value="9223372036854775807" />
    <float name="ratio" value="1.5" />
    <boolean name="on" value="true" />
    <boolean name="off" value="false" />
    <set name="ids">
        <string>one</string>
        <string>two</string>
    </set>
    <null name="nothing" />
</map>
`

describe('Android SharedPreferences XML', () => {
  it('reads every value type Android writes, decoding its entities, in file order', () => {
    const prefs = readSharedPrefs(bytes(android), KIND)
    expect([...prefs.keys()]).toEqual([
      'tok"en',
      'empty',
      'spaces',
      'count',
      'big',
      'ratio',
      'on',
      'off',
      'ids',
      'nothing',
    ])
    expect(prefs.get('tok"en')).toEqual({ type: 'string', value: `{"a":"<b> & 'c' é😀"}` })
    expect(prefs.get('empty')).toEqual({ type: 'string', value: '' })
    expect(prefs.get('spaces')).toEqual({ type: 'string', value: '  two  spaces  ' })
    expect(prefs.get('count')).toEqual({ type: 'int', value: -42 })
    expect(prefs.get('big')).toEqual({ type: 'long', value: 9223372036854775807n })
    expect(prefs.get('ratio')).toEqual({ type: 'float', value: 1.5 })
    expect(prefs.get('on')).toEqual({ type: 'boolean', value: true })
    expect(prefs.get('off')).toEqual({ type: 'boolean', value: false })
    expect(prefs.get('ids')).toEqual({ type: 'set', value: ['one', 'two'] })
    expect(prefs.get('nothing')).toEqual({ type: 'null', value: null })
  })

  it('reads an empty map and keeps the last of a repeated name, as Android does', () => {
    expect(readSharedPrefs(bytes('<map />'), KIND).size).toBe(0)
    const prefs = readSharedPrefs(
      bytes('<map><int name="a" value="1"/><int name="a" value="2"/></map>'),
      KIND,
    )
    expect(prefs.get('a')).toEqual({ type: 'int', value: 2 })
  })

  it('refuses entity declarations (XML bombs) and unknown entities without expanding anything', () => {
    const bomb = `<?xml version="1.0"?><!DOCTYPE map [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>
<map><string name="x">&b;</string></map>`
    expect(errorCode(() => readSharedPrefs(bytes(bomb), KIND))).toBe('import-unreadable')
    expect(errorCode(() => readSharedPrefs(bytes('<map><string name="x">&nbsp;</string></map>'), KIND))).toBe(
      'import-unreadable',
    )
    expect(errorCode(() => readSharedPrefs(bytes('<map><string name="x">&#0;</string></map>'), KIND))).toBe(
      'import-unreadable',
    )
  })

  it('refuses what is not the settings layout with a typed error', () => {
    const cases = [
      '<map><string name="x">cut off',
      '<map><string>no name</string></map>',
      '<map><int name="x" value="1.5"/></map>',
      '<map><int name="x" value="99999999999"/></map>',
      '<map><long name="x" value="9223372036854775808"/></map>',
      '<map><boolean name="x" value="yes"/></map>',
      '<map><script name="x"/></map>',
      '<map><string name="x"><b>nested</b></string></map>',
      '<map><set name="x"><int name="y" value="1"/></set></map>',
      '<other><string name="x">y</string></other>',
      '{"map": {}}',
    ]
    for (const xml of cases) {
      expect(
        errorCode(() => readSharedPrefs(bytes(xml), KIND)),
        xml,
      ).toBe('import-unreadable')
    }
    expect(errorCode(() => readSharedPrefs(Buffer.from([0xac, 0xed, 0, 5]), KIND))).toBe('import-unreadable')
  })

  it('refuses a file above the size cap before parsing it', () => {
    const huge = Buffer.alloc(MAX_SHARED_PREFS_BYTES + 1, 0x20)
    huge.write('<map>')
    expect(errorCode(() => readSharedPrefs(huge, KIND))).toBe('import-too-large')
  })

  it('tells settings files from other XML and text cheaply, and parses a sample once for all detectors', () => {
    expect(looksLikeSharedPrefs(new ImportSample(bytes(android)))).toBe(true)
    expect(looksLikeSharedPrefs(new ImportSample(bytes('<?xml version="1.0"?><KeePassFile/>')))).toBe(false)
    expect(looksLikeSharedPrefs(new ImportSample(bytes('<mapping/>')))).toBe(false)
    expect(looksLikeSharedPrefs(new ImportSample(bytes('otpauth://totp/x?secret=AAAA')))).toBe(false)
    const sample = new ImportSample(bytes(android))
    const prefs = sharedPrefsOfSample(sample)
    expect(prefs?.get('count')).toEqual({ type: 'int', value: -42 })
    expect(sharedPrefsOfSample(sample)).toBe(prefs)
    expect(sharedPrefsOfSample(new ImportSample(bytes('<map><oops></map>')))).toBeNull()
  })
})
