import { z } from 'zod';
import { AbsoluteUrl, defineTemplate, LearnerName, Line, Paragraph } from './define';

export const notification = defineTemplate({
  name: 'notification',
  category: 'announcements',
  timing: 'deferrable',
  schema: z.object({
    name: LearnerName,
    title: Line(150),
    paragraphs: z.array(Paragraph).min(1).max(20),
    action: z.object({ label: Line(60), url: AbsoluteUrl }).nullable(),
  }),
  subject: '{{title}}',
  html: `{{> heading text=title}}
<p style="margin:0 0 16px;">Hello {{name}},</p>
{{#each paragraphs}}
<p style="margin:0 0 16px;">{{this}}</p>
{{/each}}
{{#if action}}
{{> button url=action.url label=action.label}}
{{/if}}
`,
  text: `{{title}}

Hello {{name}},

{{#each paragraphs}}
{{this}}

{{/each}}
{{#if action}}
{{action.label}}: {{action.url}}
{{/if}}
`,
});
