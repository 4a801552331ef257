import { z } from 'zod';
import { AbsoluteUrl, defineTemplate, LearnerName, Line, Title } from './define';

/** A corrected certificate replaced an earlier one: the learner learns which, and where to check. */
export const certificateReissued = defineTemplate({
  name: 'certificate_reissued',
  category: 'learning_activity',
  timing: 'immediate',
  schema: z.object({
    name: LearnerName,
    pathway_title: Title,
    certificate: z.object({ id: Line(128), verification_url: AbsoluteUrl }),
    replaces: z.object({ id: Line(128) }),
  }),
  subject: 'Your corrected certificate: {{pathway_title}}',
  html: `{{> heading text=(concat "Your corrected certificate: " pathway_title)}}
<p style="margin:0 0 16px;">Hello {{name}}, your certificate for {{pathway_title}} was corrected and issued again.</p>
{{#> panel}}
<p style="margin:0 0 8px;">It replaces certificate <strong>{{replaces.id}}</strong>, which now points anyone who checks it to this one.</p>
<p style="margin:0 0 8px;">{{> link url=certificate.verification_url label=certificate.verification_url}}</p>
<p style="margin:0;">Certificate ID: <strong>{{certificate.id}}</strong></p>
{{/panel}}
{{> button url=certificate.verification_url label="View your certificate"}}
`,
  text: `Your corrected certificate: {{pathway_title}}

Hello {{name}}, your certificate for {{pathway_title}} was corrected and issued again.

It replaces certificate {{replaces.id}}, which now points anyone who checks it to this one:
{{certificate.verification_url}}
Certificate ID: {{certificate.id}}
`,
});
