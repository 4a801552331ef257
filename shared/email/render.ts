import { createHash } from 'node:crypto';
import Handlebars from 'handlebars';
import { DateTime } from 'luxon';
import { z } from 'zod';
import { fromZod } from '../errors';
import { MAIL_CATEGORIES, type MailCategory } from './model';
import { AbsoluteUrl, BrandSchema } from './templates/define';
import { type TemplateData, type TemplateName, templates } from './templates/index';
import { htmlLayout, htmlPartials, textLayout } from './templates/layout';

/** What every message needs besides its own data: the brand and the preference links. */
export const RenderContextSchema = z.object({
  brand: BrandSchema,
  preferences_url: AbsoluteUrl,
  /** The one-click unsubscribe page for the mail's category; null for transactional mail. */
  unsubscribe_url: AbsoluteUrl.nullable(),
});
export type RenderContext = z.input<typeof RenderContextSchema>;

export interface RenderedEmail {
  template: TemplateName;
  /** First 16 hex digits of the SHA-256 of the sources that produced the message. */
  template_version: string;
  category: MailCategory;
  timing: 'immediate' | 'deferrable';
  subject: string;
  text: string;
  html: string;
}

export class TemplateRenderError extends Error {
  constructor(template: string, part: string, cause: unknown) {
    super(
      `Template ${template} (${part}) failed to render: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    );
    this.name = 'TemplateRenderError';
  }
}

const LOCALE = 'en-GB';

function requireString(helper: string, value: unknown): string {
  if (typeof value !== 'string')
    throw new TypeError(`${helper}: expected a string, got ${typeof value}`);
  return value;
}

function requireNumber(helper: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new TypeError(`${helper}: expected a finite number, got ${String(value)}`);
  }
  return value;
}

function zoned(helper: string, iso: unknown, zone: unknown): DateTime {
  const at = DateTime.fromISO(requireString(helper, iso), { zone: requireString(helper, zone) });
  if (!at.isValid) throw new TypeError(`${helper}: ${at.invalidExplanation ?? 'invalid date'}`);
  return at.setLocale(LOCALE);
}

const numberFormat = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 1 });
const listFormat = new Intl.ListFormat(LOCALE, { style: 'long', type: 'conjunction' });

function formatDuration(minutes: number): string {
  const rounded = Math.round(minutes);
  const hours = Math.floor(rounded / 60);
  const rest = rounded % 60;
  const h = hours === 1 ? '1 hour' : `${numberFormat.format(hours)} hours`;
  const m = rest === 1 ? '1 minute' : `${rest} minutes`;
  if (hours === 0) return m;
  return rest === 0 ? h : `${h} ${m}`;
}

/**
 * Helpers check their arguments: strict mode makes a missing variable an error in a mustache,
 * but Handlebars passes a missing helper argument as `undefined`, so the helper must refuse it.
 */
const helpers: Record<string, (...args: unknown[]) => unknown> = {
  concat: (...args) =>
    args
      .slice(0, -1)
      .map((a) => requireString('concat', a))
      .join(''),
  date: (iso, zone) =>
    zoned('date', iso, zone).toLocaleString({
      weekday: 'long',
      day: 'numeric',
      month: 'long',
      year: 'numeric',
    }),
  datetime: (iso, zone) =>
    zoned('datetime', iso, zone).toLocaleString({
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      timeZoneName: 'short',
    }),
  day: (localDate) =>
    zoned('day', localDate, 'UTC').toLocaleString({
      weekday: 'long',
      day: 'numeric',
      month: 'long',
      year: 'numeric',
    }),
  duration: (minutes) => formatDuration(requireNumber('duration', minutes)),
  number: (n) => numberFormat.format(requireNumber('number', n)),
  percent: (n) => `${Math.round(requireNumber('percent', n))}%`,
  plural: (n, one, many) => {
    const count = requireNumber('plural', n);
    return `${numberFormat.format(count)} ${count === 1 ? requireString('plural', one) : requireString('plural', many)}`;
  },
  list: (items) => {
    if (!Array.isArray(items)) throw new TypeError('list: expected an array');
    return listFormat.format(items.map((i) => requireString('list', i)));
  },
  lines: (text) =>
    requireString('lines', text)
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l.length > 0),
  present: (value) => value !== null && value !== undefined,
};

const knownHelpers = Object.fromEntries(Object.keys(helpers).map((h) => [h, true]));
const compileOptions = { strict: true, knownHelpers, knownHelpersOnly: true } as const;

// HTML escapes every value; the subject and the text part are plain text and must not.
const htmlOptions = compileOptions;
const textOptions = { ...compileOptions, noEscape: true } as const;

function environment(
  partials: Record<string, string>,
  options: typeof htmlOptions | typeof textOptions,
): typeof Handlebars {
  const env = Handlebars.create();
  for (const [name, helper] of Object.entries(helpers)) env.registerHelper(name, helper);
  for (const [name, source] of Object.entries(partials)) {
    env.registerPartial(name, env.compile(source, options));
  }
  return env;
}

const htmlEnv = environment({ ...htmlPartials, layout: htmlLayout }, htmlOptions);
const textEnv = environment({ layout: textLayout }, textOptions);

type Compiled = {
  subject: Handlebars.TemplateDelegate;
  html: Handlebars.TemplateDelegate;
  text: Handlebars.TemplateDelegate;
  version: string;
};

const sourcesVersion = (...sources: string[]) =>
  createHash('sha256').update(JSON.stringify(sources)).digest('hex').slice(0, 16);

const compiled = Object.fromEntries(
  Object.values(templates).map((t) => [
    t.name,
    {
      subject: textEnv.compile(t.subject, textOptions),
      html: htmlEnv.compile(`{{#> layout}}${t.html}{{/layout}}`, htmlOptions),
      text: textEnv.compile(`{{#> layout}}${t.text}{{/layout}}`, textOptions),
      version: sourcesVersion(
        t.subject,
        t.html,
        t.text,
        htmlLayout,
        textLayout,
        JSON.stringify(htmlPartials),
      ),
    } satisfies Compiled,
  ]),
) as Record<TemplateName, Compiled>;

function run(name: string, part: string, fn: () => string): string {
  try {
    return fn();
  } catch (error) {
    throw new TemplateRenderError(name, part, error);
  }
}

/** Blank lines left by block tags collapse to one; trailing spaces go. */
function tidyText(text: string): string {
  return (
    text
      .split('\n')
      .map((line) => line.trimEnd())
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim() + '\n'
  );
}

/**
 * Renders one template. Its data and the context are validated first (an `invalid_argument`
 * AppError names the failing field); then every part is rendered in strict mode.
 */
export function renderEmail<N extends TemplateName>(
  name: N,
  data: TemplateData<N>,
  context: RenderContext,
): RenderedEmail {
  const definition = templates[name];
  const parsedData = definition.schema.safeParse(data);
  if (!parsedData.success) throw fromZod(parsedData.error, `${name}`);
  const parsedContext = RenderContextSchema.safeParse(context);
  if (!parsedContext.success) throw fromZod(parsedContext.error, 'context');
  const ctx = parsedContext.data;
  const category = MAIL_CATEGORIES[definition.category];
  if (category.transactional !== (ctx.unsubscribe_url === null)) {
    throw fromZod(
      new z.ZodError([
        {
          code: 'custom',
          path: ['unsubscribe_url'],
          input: ctx.unsubscribe_url,
          message: category.transactional
            ? `Transactional mail (${definition.category}) has no unsubscribe link`
            : `Mail in category ${definition.category} needs an unsubscribe link`,
        },
      ]),
      'context',
    );
  }
  const parts = compiled[name];
  const subject = run(name, 'subject', () =>
    parts.subject({ ...(parsedData.data as object), brand: ctx.brand }).trim(),
  );
  const scope = {
    ...(parsedData.data as object),
    ...ctx,
    subject,
    category_label: category.label,
    footer_reason: category.transactional
      ? `You receive this email because it concerns your ${ctx.brand.name} account.`
      : `You receive this email because your email preferences include ${category.label}.`,
  };
  return {
    template: name,
    template_version: parts.version,
    category: definition.category,
    timing: definition.timing,
    subject,
    html: run(name, 'html', () => parts.html(scope)),
    text: run(name, 'text', () => tidyText(parts.text(scope))),
  };
}
