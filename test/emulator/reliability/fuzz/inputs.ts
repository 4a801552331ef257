import fc from 'fast-check';

/**
 * Bad inputs generated from a route's OpenAPI (JSON Schema 2020-12) description: for each
 * declared field a value of a type it does not take and a huge string, the body without its
 * required fields, with an unknown field, and arbitrary JSON in its place. Seeded, so a failure
 * names a case that replays.
 */
export type JsonSchema = {
  type?: string | string[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: unknown;
  enum?: unknown[];
  const?: unknown;
};

export interface BadInput {
  /** What is wrong, for the failure message. */
  what: string;
  value: unknown;
  /** The field whose path a 400 must name, when the case targets one field. */
  field?: string;
}

const JSON_TYPES = ['string', 'number', 'integer', 'boolean', 'null', 'array', 'object'] as const;
type JsonType = (typeof JSON_TYPES)[number];

/** The JSON types a schema accepts; null when it accepts anything (or says nothing). */
export function typesOf(schema: JsonSchema | undefined): Set<JsonType> | null {
  if (!schema) return null;
  const members = schema.anyOf ?? schema.oneOf;
  if (members) {
    const all = new Set<JsonType>();
    for (const member of members) {
      const types = typesOf(member);
      if (!types) return null;
      types.forEach((t) => all.add(t));
    }
    return all;
  }
  if (schema.const !== undefined || schema.enum) {
    const values = schema.enum ?? [schema.const];
    return new Set(values.map(jsonTypeOf));
  }
  if (!schema.type) return null;
  const declared = (Array.isArray(schema.type) ? schema.type : [schema.type]) as JsonType[];
  const types = new Set(declared);
  // A whole number is a number too.
  if (types.has('number')) types.add('integer');
  return types;
}

function jsonTypeOf(value: unknown): JsonType {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value as JsonType;
}

const valueOfType: Record<JsonType, fc.Arbitrary<unknown>> = {
  string: fc.string({ maxLength: 12 }),
  number: fc
    .double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 })
    .filter((n) => !Number.isInteger(n)),
  integer: fc.integer({ min: -1e9, max: 1e9 }),
  boolean: fc.boolean(),
  null: fc.constant(null),
  array: fc.array(fc.oneof(fc.integer(), fc.string({ maxLength: 5 })), { maxLength: 3 }),
  object: fc.dictionary(fc.string({ minLength: 1, maxLength: 6 }), fc.integer(), { maxKeys: 3 }),
};

/** A value of a JSON type `schema` does not take, or undefined when it takes any. */
export function wrongTypeArb(schema: JsonSchema | undefined): fc.Arbitrary<unknown> | undefined {
  const accepted = typesOf(schema);
  if (!accepted) return undefined;
  const wrong = JSON_TYPES.filter((t) => !accepted.has(t));
  if (wrong.length === 0) return undefined;
  return fc.constantFrom(...wrong).chain((t) => valueOfType[t]);
}

const HUGE = 'x'.repeat(100_000);
const MAX_FIELDS = 8;

/** The bad bodies for one route's body schema; `seed` makes them the same on every run. */
export function badBodies(schema: JsonSchema, seed: number): BadInput[] {
  const sample = <T>(arb: fc.Arbitrary<T>, n = 1): T[] => fc.sample(arb, { seed, numRuns: n });
  const fields = Object.entries(schema.properties ?? {}).slice(0, MAX_FIELDS);
  const cases: BadInput[] = [];
  for (const [field, fieldSchema] of fields) {
    const wrong = wrongTypeArb(fieldSchema);
    if (wrong) {
      const [value] = sample(wrong);
      cases.push({ what: `${field} of the wrong type`, value: { [field]: value }, field });
    }
    const types = typesOf(fieldSchema);
    if (!types || types.has('string'))
      cases.push({ what: `${field} a huge string`, value: { [field]: HUGE }, field });
  }
  if ((schema.required ?? []).length > 0) {
    cases.push({ what: 'no required field', value: {}, field: schema.required?.[0] });
  }
  cases.push({ what: 'an unknown field', value: { zz_unknown_field: sample(fc.jsonValue())[0] } });
  for (const value of sample(fc.oneof(fc.jsonValue(), fc.array(fc.jsonValue())), 2)) {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) continue;
    cases.push({ what: `a body that is not an object (${JSON.stringify(value)})`, value });
  }
  return cases;
}

/** Bad query values: for each declared parameter, a value its schema refuses. */
export function badQueries(
  parameters: { name: string; schema: JsonSchema }[],
  seed: number,
): BadInput[] {
  const cases: BadInput[] = [];
  for (const { name, schema } of parameters) {
    const types = typesOf(schema);
    // Query strings carry text: a number's bad value is a word, a word's is one far too long.
    const value = types?.has('string') && !types.has('integer') ? 'q'.repeat(5000) : 'not-a-number';
    cases.push({
      what: `query ${name}=${value.slice(0, 12)}…`,
      value: { [name]: value },
      field: name,
    });
  }
  if (parameters.length > 0) {
    const [junk] = fc.sample(fc.string({ minLength: 1, maxLength: 8 }), { seed, numRuns: 1 });
    cases.push({ what: 'an unknown query parameter', value: { zz_unknown: junk } });
  }
  return cases;
}

/** Path ids that are not ids (each replaces one path parameter). */
export const BAD_IDS = ['%ZZ', 'a'.repeat(300), '..', 'Not%20An%20Id', '%00'];
