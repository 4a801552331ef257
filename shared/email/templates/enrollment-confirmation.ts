import { z } from 'zod';
import {
  AbsoluteUrl,
  defineTemplate,
  Instant,
  LearnerName,
  Paragraph,
  Timezone,
  Title,
} from './define';

export const enrollmentConfirmation = defineTemplate({
  name: 'enrollment_confirmation',
  category: 'learning_activity',
  timing: 'immediate',
  schema: z.object({
    name: LearnerName,
    enrolled_at: Instant,
    timezone: Timezone,
    pathway: z.object({
      title: Title,
      summary: Paragraph.nullable(),
      url: AbsoluteUrl,
      module_count: z.number().int().min(0),
      resource_count: z.number().int().min(0),
      estimated_minutes: z.number().int().min(0),
      instructor_name: LearnerName.nullable(),
    }),
    first_resource: z.object({ title: Title, url: AbsoluteUrl }).nullable(),
  }),
  subject: 'You are enrolled in {{pathway.title}}',
  html: `{{> heading text=(concat "You are enrolled in " pathway.title)}}
<p style="margin:0 0 16px;">Hello {{name}}, you enrolled on {{date enrolled_at timezone}}. Your progress is saved as you go.</p>
{{#> panel}}
<p style="margin:0 0 8px;font-weight:bold;">{{pathway.title}}</p>
{{#if pathway.summary}}<p style="margin:0 0 8px;">{{pathway.summary}}</p>{{/if}}
<p style="margin:0;">{{plural pathway.module_count "module" "modules"}} &middot; {{plural pathway.resource_count "resource" "resources"}} &middot; about {{duration pathway.estimated_minutes}}{{#if pathway.instructor_name}} &middot; taught by {{pathway.instructor_name}}{{/if}}</p>
{{/panel}}
{{#if first_resource}}
{{> button url=first_resource.url label=(concat "Start with " first_resource.title)}}
{{else}}
{{> button url=pathway.url label="Open the pathway"}}
{{/if}}
<p style="margin:0;">You can always find it again at {{> link url=pathway.url label=pathway.url}}.</p>
`,
  text: `You are enrolled in {{pathway.title}}

Hello {{name}}, you enrolled on {{date enrolled_at timezone}}. Your progress is saved as you go.

{{pathway.title}}
{{#if pathway.summary}}
{{pathway.summary}}
{{/if}}
{{plural pathway.module_count "module" "modules"}} · {{plural pathway.resource_count "resource" "resources"}} · about {{duration pathway.estimated_minutes}}{{#if pathway.instructor_name}} · taught by {{pathway.instructor_name}}{{/if}}

{{#if first_resource}}
Start with {{first_resource.title}}: {{first_resource.url}}
{{else}}
Open the pathway: {{pathway.url}}
{{/if}}

You can always find it again at {{pathway.url}}
`,
});
