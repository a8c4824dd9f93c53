import type { z } from 'zod'

// Valid and hostile payloads for any request schema of the IPC contract, worked out from the schema's
// structure (zod 4's definitions), so a channel added to the contract is covered without anyone
// listing it. A schema kind this file does not know fails loudly instead of being skipped.

type Schema = z.ZodType
type Path = (string | number)[]

interface Definition {
  type: string
  shape?: Record<string, Schema>
  innerType?: Schema
  element?: Schema
  options?: Schema[]
  values?: unknown[]
  entries?: Record<string, unknown>
  checks?: { _zod: { def: { check: string; minimum?: number; maximum?: number } } }[]
  in?: Schema
  keyType?: Schema
  valueType?: Schema
}

function definition(schema: Schema): Definition {
  return (schema as unknown as { _zod: { def: Definition } })._zod.def
}

function bound(schema: Schema, check: 'min_length' | 'max_length'): number | null {
  const found = (definition(schema).checks ?? []).find((entry) => entry._zod.def.check === check)
  if (!found) return null
  return (check === 'min_length' ? found._zod.def.minimum : found._zod.def.maximum) ?? null
}

function numberBounds(schema: Schema): { min: number | null; max: number | null; int: boolean } {
  const number = schema as unknown as { minValue: number | null; maxValue: number | null; isInt: boolean }
  const min = Number.isFinite(number.minValue) ? number.minValue : null
  const max = Number.isFinite(number.maxValue) ? number.maxValue : null
  return { min, max, int: number.isInt }
}

/** Optional, nullable and default wrappers taken off; what is left says what the field must hold. */
export function unwrap(schema: Schema): { inner: Schema; optional: boolean; nullable: boolean } {
  let inner = schema
  let optional = false
  let nullable = false
  for (;;) {
    const def = definition(inner)
    if (def.type === 'optional' || def.type === 'default' || def.type === 'prefault') optional = true
    else if (def.type === 'nullable') nullable = true
    else if (def.type !== 'readonly' && def.type !== 'nonoptional') return { inner, optional, nullable }
    if (!def.innerType) return { inner, optional, nullable }
    inner = def.innerType
  }
}

/**
 * Payloads the schema accepts: every optional field present, and one payload per option wherever a
 * union offers several, so each branch's fields get their own hostile values.
 */
export function validExamples(schema: Schema): unknown[] {
  const { inner } = unwrap(schema)
  const def = definition(inner)
  switch (def.type) {
    case 'object': {
      const shape = def.shape ?? {}
      const firsts = Object.fromEntries(
        Object.entries(shape).map(([key, field]) => [key, validExamples(field)[0]]),
      )
      const variants: unknown[] = [firsts]
      for (const [key, field] of Object.entries(shape)) {
        for (const alternative of validExamples(field).slice(1))
          variants.push({ ...firsts, [key]: alternative })
      }
      return variants
    }
    case 'union':
      return (def.options ?? []).flatMap((option) => validExamples(option))
    case 'string': {
      // Patterned text (a region code, a date) gets a few usual shapes; the first the field takes wins.
      const min = bound(inner, 'min_length') ?? 0
      const shapes = ['x'.repeat(Math.max(1, min)), 'GB', '2026-11-24T12:00:00.000Z', 'someone@example.com']
      const fitting = shapes.find((text) => inner.safeParse(text).success)
      if (fitting === undefined) throw new Error('contract-shapes: no example text fits a patterned string')
      return [fitting]
    }
    case 'number': {
      const { min } = numberBounds(inner)
      return [min !== null && min > 0 ? Math.ceil(min) : 1]
    }
    case 'boolean':
      return [true]
    case 'enum':
      return [Object.values(def.entries ?? {})[0]]
    case 'literal':
      return [def.values?.[0]]
    case 'array': {
      const min = bound(inner, 'min_length') ?? 0
      const element = validExamples(def.element as Schema)[0]
      return [Array.from({ length: Math.max(1, min) }, () => structuredClone(element))]
    }
    case 'pipe':
      return validExamples(def.in as Schema)
    case 'record': {
      // One entry, under the first key the key schema takes (a partial record of an enum, say).
      const key = validExamples(def.keyType as Schema)[0]
      return [{ [String(key)]: validExamples(def.valueType as Schema)[0] }]
    }
    default:
      throw new Error(`contract-shapes: no example for a "${def.type}" schema; teach this file about it`)
  }
}

/** The schema of the field at `path` (object keys and array indexes), following unions by the value. */
export function fieldsOf(schema: Schema, value: unknown, path: Path = []): { path: Path; schema: Schema }[] {
  const found: { path: Path; schema: Schema }[] = []
  const { inner } = unwrap(schema)
  const def = definition(inner)
  if (def.type === 'object' && isRecord(value)) {
    for (const [key, field] of Object.entries(def.shape ?? {})) {
      found.push({ path: [...path, key], schema: field })
      found.push(...fieldsOf(field, value[key], [...path, key]))
    }
  } else if (def.type === 'array' && Array.isArray(value) && value.length > 0) {
    found.push({ path: [...path, 0], schema: def.element as Schema })
    found.push(...fieldsOf(def.element as Schema, value[0], [...path, 0]))
  } else if (def.type === 'record' && isRecord(value)) {
    for (const key of Object.keys(value)) {
      found.push({ path: [...path, key], schema: def.valueType as Schema })
      found.push(...fieldsOf(def.valueType as Schema, value[key], [...path, key]))
    }
  } else if (def.type === 'union') {
    // The option this value was built from is the one whose fields it has.
    const option = (def.options ?? []).find((candidate) => candidate.safeParse(value).success)
    if (option) found.push(...fieldsOf(option, value, path))
  }
  return found
}

const NESTING = 10_000

function deeplyNested(): unknown {
  let value: unknown = 'x'
  for (let depth = 0; depth < NESTING; depth++) value = [value]
  return value
}

/** Values that must not pass as this field, by what the field is, never by asking the schema. */
export function hostileValues(schema: Schema): { label: string; value: unknown }[] {
  const { inner, nullable } = unwrap(schema)
  const def = definition(inner)
  const common = [
    { label: 'an object', value: {} },
    { label: 'an array', value: [] },
    { label: 'a deeply nested array', value: deeplyNested() },
    ...(nullable ? [] : [{ label: 'null', value: null }]),
  ]
  switch (def.type) {
    case 'string': {
      const max = bound(inner, 'max_length')
      return [
        ...common,
        { label: 'a number', value: 42 },
        { label: 'a boolean', value: true },
        { label: 'an array of text', value: ['text'] },
        {
          label: max === null ? 'a 16 MiB string (no bound)' : `a string of ${max + 1} characters`,
          value: 'A'.repeat(max === null ? 16 * 1024 * 1024 : max + 1),
        },
      ]
    }
    case 'number': {
      const { min, max, int } = numberBounds(inner)
      return [
        ...common,
        { label: 'text', value: '1' },
        { label: 'a boolean', value: true },
        { label: 'NaN', value: Number.NaN },
        { label: 'Infinity', value: Number.POSITIVE_INFINITY },
        { label: '-Infinity', value: Number.NEGATIVE_INFINITY },
        ...(int ? [{ label: 'a fraction', value: (min ?? 0) + 0.5 }] : []),
        ...(min !== null ? [{ label: 'below the minimum', value: min - 1 }] : []),
        ...(max !== null ? [{ label: 'above the maximum', value: max + 1 }] : []),
      ]
    }
    case 'boolean':
      return [...common, { label: 'text', value: 'true' }, { label: 'a number', value: 1 }]
    case 'enum':
      return [
        ...common,
        { label: 'a name outside the list', value: 'not-one-of-these' },
        { label: 'a number', value: 0 },
        {
          label: 'an upper-cased member',
          value: String(Object.values(def.entries ?? {})[0]).toUpperCase() + '!',
        },
      ]
    case 'literal': {
      const literal = def.values?.[0]
      return [
        ...common,
        {
          label: 'another value',
          value:
            typeof literal === 'boolean'
              ? !literal
              : typeof literal === 'number'
                ? literal + 1
                : `${String(literal)}-not`,
        },
        { label: 'a number', value: typeof literal === 'number' ? `${literal}` : 7 },
      ]
    }
    case 'object':
      return common
        .filter((entry) => entry.label !== 'an object')
        .concat([
          { label: 'text', value: 'text' },
          { label: 'a number', value: 1 },
          { label: 'a boolean', value: false },
        ])
    case 'array': {
      const max = bound(inner, 'max_length')
      const element = validExamples(def.element as Schema)[0]
      const [wrongElement] = hostileValues(def.element as Schema).filter(
        (entry) => entry.label !== 'an array',
      )
      return [
        ...common.filter((entry) => entry.label !== 'an array'),
        { label: 'text', value: 'text' },
        { label: 'a number', value: 1 },
        { label: `an element that is ${wrongElement?.label}`, value: [wrongElement?.value] },
        ...(max === null
          ? [
              {
                label: 'a million elements (no bound)',
                value: Array.from({ length: 1_000_000 }, () => element),
              },
            ]
          : [{ label: `${max + 1} elements`, value: Array.from({ length: max + 1 }, () => element) }]),
      ]
    }
    case 'union':
      return [...common, { label: 'text', value: 'text' }, { label: 'a number', value: 1 }]
    case 'record':
      return common
        .filter((entry) => entry.label !== 'an object')
        .concat([
          { label: 'text', value: 'text' },
          { label: 'a number', value: 1 },
          {
            label: 'a key outside the ones it takes',
            value: { 'not-a-field': validExamples(def.valueType as Schema)[0] },
          },
        ])
    default:
      throw new Error(
        `contract-shapes: no hostile values for a "${def.type}" schema; teach this file about it`,
      )
  }
}

/** Keys that have polluted prototypes elsewhere, as own properties, the way JSON.parse makes them. */
export function pollutingFields(): { label: string; fields: Record<string, unknown> }[] {
  return [
    {
      label: '__proto__',
      fields: JSON.parse('{"__proto__": {"polluted": "yes"}}') as Record<string, unknown>,
    },
    { label: 'constructor.prototype', fields: { constructor: { prototype: { polluted: 'yes' } } } },
    { label: 'prototype', fields: { prototype: { polluted: 'yes' } } },
    { label: 'toString', fields: { toString: 'polluted' } },
    { label: 'hasOwnProperty', fields: { hasOwnProperty: 'polluted' } },
    { label: 'an unexpected field', fields: { unexpected: true } },
  ]
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** A copy of `root` with the value at `path` replaced (or removed with `remove`), keys kept as own fields. */
export function withValue(root: unknown, path: Path, value: unknown, remove = false): unknown {
  if (path.length === 0) return value
  const [head, ...rest] = path
  const key = head as string | number
  if (Array.isArray(root) && rest.length === 0 && remove) return root.filter((_, index) => index !== key)
  const copy = (Array.isArray(root) ? [...(root as unknown[])] : { ...(root as object) }) as Record<
    string | number,
    unknown
  >
  if (rest.length === 0 && remove) {
    delete copy[key]
    return copy
  }
  Object.defineProperty(copy, key, {
    value: withValue(copy[key], rest, value, remove),
    enumerable: true,
    writable: true,
    configurable: true,
  })
  return copy
}

/** A copy of the object at `path` with extra own fields, `__proto__` among them, merged in. */
export function withExtraFields(root: unknown, path: Path, fields: Record<string, unknown>): unknown {
  const target = path.reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], root)
  const extended = { ...(target as object) }
  for (const [key, value] of Object.entries(fields)) {
    Object.defineProperty(extended, key, { value, enumerable: true, writable: true, configurable: true })
  }
  return withValue(root, path, extended)
}
