import { describe, expect, it } from 'vitest'
import { appPageUrl, resolveAppRequest } from '../../../electron/main/windows/app-protocol.ts'

const rendererDir = '/opt/Twofold/resources/app.asar/out/renderer'

describe('the twofold:// scheme the windows load from', () => {
  it('serves the built pages and their assets with the right types', () => {
    expect(resolveAppRequest(rendererDir, appPageUrl('manager'))).toEqual({
      file: `${rendererDir}/manager/index.html`,
      contentType: 'text/html; charset=utf-8',
    })
    // Pages refer to their bundles as ../assets/…, which the URL resolves inside the folder.
    expect(resolveAppRequest(rendererDir, 'twofold://app/manager/../assets/manager-Bt4.js')).toEqual({
      file: `${rendererDir}/assets/manager-Bt4.js`,
      contentType: 'text/javascript; charset=utf-8',
    })
  })

  it.each([
    ['twofold://app/../main/index.js', `${rendererDir}/main/index.js`],
    ['twofold://app/%2e%2e/%2e%2e/manager/index.html', `${rendererDir}/manager/index.html`],
  ])('keeps a path that climbs past the top inside out/renderer: %s', (url, file) => {
    expect(resolveAppRequest(rendererDir, url)?.file).toBe(file)
  })

  it.each([
    'twofold://app/../../../../etc/passwd',
    'twofold://app/..%2f..%2f..%2fhome/ana/.config/Twofold/preferences.json',
    'twofold://app/assets/..%5c..%5cmain.js',
    'twofold://app/manager/index.html%00.png',
    'twofold://other/manager/index.html',
    'file:///opt/Twofold/resources/app.asar/out/renderer/manager/index.html',
    'twofold://app/',
    'twofold://app/manager/secret.sqlite3',
    'twofold://app/%E0%A4%A',
  ])('serves nothing outside out/renderer or of an unknown type: %s', (url) => {
    expect(resolveAppRequest(rendererDir, url)).toBeNull()
  })
})
