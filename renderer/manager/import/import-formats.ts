import {
  importFormatInfo,
  importFormats,
  type ImportFormat,
  type ImportFormatFamily,
} from '../../../shared/domain/import-formats.ts'

/** How each format is named to people: the shared format list's own label. */
export const importFormatLabels: Readonly<Record<ImportFormat, string>> = Object.fromEntries(
  importFormats.map((format) => [format, importFormatInfo[format].label]),
) as Record<ImportFormat, string>

const familyLabels: Readonly<Record<ImportFormatFamily, string>> = {
  authenticator: 'Authenticator apps',
  'password-manager': 'Password managers',
  'rooted-phone': 'From a rooted phone (app databases)',
  twofold: 'Spreadsheets and images',
}

/** The wizard's format choices, grouped as the select shows them, in the shared list's order. */
export const importFormatGroups: readonly { label: string; formats: ImportFormat[] }[] = (
  Object.keys(familyLabels) as ImportFormatFamily[]
)
  .map((family) => ({
    label: familyLabels[family],
    formats: importFormats.filter((format) => importFormatInfo[format].family === family),
  }))
  .filter((group) => group.formats.length > 0)
