import { z } from 'zod';
import { AbsoluteUrl, defineTemplate, LearnerName, Line } from './define';

export const welcome = defineTemplate({
  name: 'welcome',
  category: 'account',
  timing: 'immediate',
  schema: z.object({
    name: LearnerName,
    dashboard_url: AbsoluteUrl,
    catalog_url: AbsoluteUrl,
    highlights: z
      .array(z.object({ title: Line(80), detail: Line(300) }))
      .min(1)
      .max(6),
  }),
  subject: 'Welcome to {{brand.name}}, {{name}}',
  html: `{{> heading text=(concat "Welcome, " name)}}
<p style="margin:0 0 16px;">Your {{brand.name}} account is ready. Here is what you can do with it:</p>
<ul style="margin:0 0 16px;padding-left:20px;">
{{#each highlights}}
<li style="margin:0 0 8px;"><strong>{{title}}</strong>: {{detail}}</li>
{{/each}}
</ul>
{{> button url=dashboard_url label="Open your dashboard"}}
<p style="margin:0;">Not sure where to start? {{> link url=catalog_url label="Browse the pathway catalogue"}} and enrol in one that matches your goal.</p>
`,
  text: `Welcome, {{name}}

Your {{brand.name}} account is ready. Here is what you can do with it:

{{#each highlights}}
* {{title}}: {{detail}}
{{/each}}

Open your dashboard: {{dashboard_url}}

Not sure where to start? Browse the pathway catalogue and enrol in one that matches your goal: {{catalog_url}}
`,
});
