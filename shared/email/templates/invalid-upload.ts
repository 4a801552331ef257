import { z } from 'zod';
import { AbsoluteUrl, defineTemplate, LearnerName, Line, Title } from './define';

export const invalidUpload = defineTemplate({
  name: 'invalid_upload',
  category: 'submissions',
  timing: 'immediate',
  schema: z.object({
    name: LearnerName,
    file_name: Line(255),
    resource_title: Title,
    reason: Line(500),
    accepted_types: z.array(Line(100)).min(1),
    max_size_mb: z.number().positive(),
    resource_url: AbsoluteUrl,
  }),
  subject: 'Your upload “{{file_name}}” was not accepted',
  html: `{{> heading text="Your upload was not accepted"}}
<p style="margin:0 0 16px;">Hello {{name}}, we could not accept “{{file_name}}” for {{resource_title}}: {{reason}}.</p>
{{#> panel}}
<p style="margin:0 0 8px;">This resource accepts {{list accepted_types}}, up to {{number max_size_mb}} MB.</p>
<p style="margin:0;">The file is not part of your submissions; your earlier submissions are unchanged.</p>
{{/panel}}
{{> button url=resource_url label="Upload the file again"}}
`,
  text: `Your upload was not accepted

Hello {{name}}, we could not accept “{{file_name}}” for {{resource_title}}: {{reason}}.

This resource accepts {{list accepted_types}}, up to {{number max_size_mb}} MB.
The file is not part of your submissions; your earlier submissions are unchanged.

Upload the file again: {{resource_url}}
`,
});
