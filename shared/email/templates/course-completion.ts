import { z } from 'zod';
import { AbsoluteUrl, defineTemplate, Instant, LearnerName, Line, Timezone, Title } from './define';

export const courseCompletion = defineTemplate({
  name: 'course_completion',
  category: 'learning_activity',
  timing: 'immediate',
  schema: z.object({
    name: LearnerName,
    pathway_title: Title,
    completed_at: Instant,
    timezone: Timezone,
    certificate: z.object({
      id: Line(128),
      verification_url: AbsoluteUrl,
    }),
    next_pathway: z.object({ title: Title, url: AbsoluteUrl }).nullable(),
  }),
  subject: 'Congratulations, you completed {{pathway_title}}',
  html: `{{> heading text=(concat "You completed " pathway_title)}}
<p style="margin:0 0 16px;">Congratulations, {{name}}! You finished every required part of {{pathway_title}} on {{date completed_at timezone}}.</p>
{{#> panel}}
<p style="margin:0 0 8px;">Your certificate has been issued. Anyone can check it with its verification link:</p>
<p style="margin:0 0 8px;">{{> link url=certificate.verification_url label=certificate.verification_url}}</p>
<p style="margin:0;">Certificate ID: <strong>{{certificate.id}}</strong></p>
{{/panel}}
{{> button url=certificate.verification_url label="View your certificate"}}
{{#if next_pathway}}
<p style="margin:0;">Ready for more? {{> link url=next_pathway.url label=next_pathway.title}} builds on what you just learned.</p>
{{/if}}
`,
  text: `You completed {{pathway_title}}

Congratulations, {{name}}! You finished every required part of {{pathway_title}} on {{date completed_at timezone}}.

Your certificate has been issued. Anyone can check it with its verification link:
{{certificate.verification_url}}
Certificate ID: {{certificate.id}}
{{#if next_pathway}}

Ready for more? {{next_pathway.title}} builds on what you just learned: {{next_pathway.url}}
{{/if}}
`,
});
