/**
 * The frame every message shares. Colours come from one palette whose foreground/background
 * pairs are checked against WCAG AA contrast in the tests; layout tables carry
 * role="presentation" so screen readers read the content, not the grid.
 */
export const palette = {
  page: '#f3f4f6',
  surface: '#ffffff',
  text: '#1f2937',
  heading: '#111827',
  muted: '#4b5563',
  link: '#1d4ed8',
  buttonBackground: '#1d4ed8',
  buttonText: '#ffffff',
  panel: '#eef2ff',
  rule: '#e5e7eb',
} as const;

/** Foreground/background pairs that occur in the layouts and partials. */
export const contrastPairs: ReadonlyArray<readonly [keyof typeof palette, keyof typeof palette]> = [
  ['text', 'surface'],
  ['heading', 'surface'],
  ['muted', 'surface'],
  ['link', 'surface'],
  ['buttonText', 'buttonBackground'],
  ['text', 'panel'],
  ['heading', 'panel'],
  ['link', 'panel'],
  ['muted', 'page'],
];

const font = "font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";

export const htmlLayout = `<!DOCTYPE html>
<html lang="en" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>{{subject}}</title>
</head>
<body style="margin:0;padding:0;background-color:${palette.page};">
<div role="article" aria-roledescription="email" aria-label="{{subject}}" lang="en" style="background-color:${palette.page};">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0">
<tr><td align="center" style="padding:24px 12px;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width:600px;background-color:${palette.surface};border-radius:8px;">
<tr><td style="padding:24px 32px 0;${font};">
{{#if brand.logo_url}}<a href="{{brand.url}}"><img src="{{brand.logo_url}}" alt="{{brand.name}}" width="140" style="display:block;border:0;max-width:140px;height:auto;"></a>{{else}}<p style="margin:0;font-size:18px;font-weight:bold;color:${palette.heading};">{{brand.name}}</p>{{/if}}
</td></tr>
<tr><td style="padding:16px 32px 24px;${font};font-size:16px;line-height:1.5;color:${palette.text};">
{{> @partial-block}}
</td></tr>
<tr><td style="padding:16px 32px 24px;border-top:1px solid ${palette.rule};${font};font-size:14px;line-height:1.5;color:${palette.muted};">
<p style="margin:0 0 8px;">{{footer_reason}}</p>
<p style="margin:0 0 8px;"><a href="{{preferences_url}}" style="color:${palette.link};">Manage your email preferences</a>{{#if unsubscribe_url}} &middot; <a href="{{unsubscribe_url}}" style="color:${palette.link};">Unsubscribe from {{category_label}}</a>{{/if}}</p>
<p style="margin:0;">{{brand.name}} &middot; <a href="{{brand.url}}" style="color:${palette.link};">{{brand.url}}</a> &middot; <a href="mailto:{{brand.support_email}}" style="color:${palette.link};">{{brand.support_email}}</a></p>
</td></tr>
</table>
</td></tr>
</table>
</div>
</body>
</html>
`;

export const textLayout = `{{> @partial-block}}

----
{{footer_reason}}
Manage your email preferences: {{preferences_url}}
{{#if unsubscribe_url}}
Unsubscribe from {{category_label}}: {{unsubscribe_url}}
{{/if}}
{{brand.name}} · {{brand.url}} · {{brand.support_email}}
`;

/** Partials the templates share: headings, paragraphs, a call-to-action button, a stat panel. */
export const htmlPartials: Record<string, string> = {
  heading: `<h1 style="margin:0 0 16px;font-size:22px;line-height:1.3;color:${palette.heading};">{{text}}</h1>`,
  button: `<p style="margin:24px 0;"><a href="{{url}}" style="display:inline-block;background-color:${palette.buttonBackground};color:${palette.buttonText};padding:12px 20px;border-radius:6px;text-decoration:none;font-weight:bold;">{{label}}</a></p>`,
  panel: `<div style="background-color:${palette.panel};border-radius:6px;padding:16px;margin:16px 0;color:${palette.text};">{{> @partial-block}}</div>`,
  link: `<a href="{{url}}" style="color:${palette.link};">{{label}}</a>`,
};
