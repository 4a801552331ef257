import { z } from 'zod';

/**
 * The xAPI 1.0.3 statement structure (IEEE 9274.1.1), the parts Pathwise emits, with the spec's
 * requirements: an Agent identified by exactly one inverse functional identifier, IRIs for verb
 * and activity ids, UUID statement ids, a scaled score in [-1, 1] with raw between min and max,
 * ISO 8601 durations and timestamps.
 */

const Iri = z.url();
const LanguageMap = z.record(z.string().regex(/^[a-zA-Z]{2,8}(-[a-zA-Z0-9]{1,8})*$/), z.string());
const Uuid = z.uuid();
/** ISO 8601 duration as xAPI uses it (e.g. `PT12M`, `PT1H30M5.2S`, `P1DT2H`). */
const Duration = z
  .string()
  .regex(/^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/);

export const AgentSchema = z
  .strictObject({
    objectType: z.literal('Agent').optional(),
    name: z.string().optional(),
    mbox: z
      .string()
      .regex(/^mailto:/)
      .optional(),
    mbox_sha1sum: z
      .string()
      .regex(/^[0-9a-f]{40}$/)
      .optional(),
    openid: Iri.optional(),
    account: z.strictObject({ homePage: Iri, name: z.string().min(1) }).optional(),
  })
  .refine(
    (a) =>
      [a.mbox, a.mbox_sha1sum, a.openid, a.account].filter((v) => v !== undefined).length === 1,
    'An Agent has exactly one inverse functional identifier',
  );

export const VerbSchema = z.strictObject({ id: Iri, display: LanguageMap.optional() });

const ActivitySchema = z.strictObject({
  objectType: z.literal('Activity').optional(),
  id: Iri,
  definition: z
    .strictObject({
      name: LanguageMap.optional(),
      description: LanguageMap.optional(),
      type: Iri.optional(),
      extensions: z.record(Iri, z.unknown()).optional(),
    })
    .optional(),
});

const StatementRefSchema = z.strictObject({ objectType: z.literal('StatementRef'), id: Uuid });

const ResultSchema = z.strictObject({
  score: z
    .strictObject({
      scaled: z.number().min(-1).max(1).optional(),
      raw: z.number().optional(),
      min: z.number().optional(),
      max: z.number().optional(),
    })
    .refine(
      (s) =>
        s.raw === undefined ||
        ((s.min === undefined || s.raw >= s.min) && (s.max === undefined || s.raw <= s.max)),
      'raw lies between min and max',
    )
    .optional(),
  success: z.boolean().optional(),
  completion: z.boolean().optional(),
  response: z.string().optional(),
  duration: Duration.optional(),
  extensions: z.record(Iri, z.unknown()).optional(),
});

const ContextSchema = z.strictObject({
  registration: Uuid.optional(),
  platform: z.string().optional(),
  language: z.string().optional(),
  contextActivities: z
    .strictObject({
      parent: z.array(ActivitySchema).optional(),
      grouping: z.array(ActivitySchema).optional(),
      category: z.array(ActivitySchema).optional(),
    })
    .optional(),
  extensions: z.record(Iri, z.unknown()).optional(),
});

export const StatementSchema = z
  .strictObject({
    id: Uuid,
    actor: AgentSchema,
    verb: VerbSchema,
    object: z.union([ActivitySchema, StatementRefSchema]),
    result: ResultSchema.optional(),
    context: ContextSchema.optional(),
    timestamp: z.iso.datetime({ offset: true }),
    stored: z.iso.datetime({ offset: true }).optional(),
    version: z.literal('1.0.3'),
  })
  .refine(
    (s) =>
      (s.verb.id === 'http://adlnet.gov/expapi/verbs/voided') ===
      (s.object.objectType === 'StatementRef'),
    { message: 'A voiding statement, and only one, has a StatementRef object', path: ['object'] },
  );
export type Statement = z.infer<typeof StatementSchema>;

/** An LRS's statement result: a page of statements and where the next one is (or ""). */
export const StatementResultSchema = z.object({
  statements: z.array(StatementSchema),
  more: z.string(),
});

/** The statements resource's answer: one statement when asked by id, else a statement result. */
export const StatementsResponseSchema = z.union([StatementResultSchema, StatementSchema]);
