import { z } from 'zod';
import { AbsoluteUrl, defineTemplate, Instant, LearnerName, Timezone } from './define';

export const passwordReset = defineTemplate({
  name: 'password_reset',
  category: 'security',
  timing: 'immediate',
  schema: z.object({
    name: LearnerName,
    reset_url: AbsoluteUrl,
    requested_at: Instant,
    expires_in_minutes: z
      .number()
      .int()
      .min(1)
      .max(7 * 24 * 60),
    timezone: Timezone,
  }),
  subject: 'Reset your {{brand.name}} password',
  html: `{{> heading text="Reset your password"}}
<p style="margin:0 0 16px;">Hello {{name}}, someone asked to reset the password of your {{brand.name}} account on {{datetime requested_at timezone}}.</p>
{{> button url=reset_url label="Choose a new password"}}
<p style="margin:0 0 16px;">This link works once and expires in {{duration expires_in_minutes}}.</p>
<p style="margin:0;">If you did not ask for this, you can ignore this email: your password stays as it is.</p>
`,
  text: `Reset your password

Hello {{name}}, someone asked to reset the password of your {{brand.name}} account on {{datetime requested_at timezone}}.

Choose a new password: {{reset_url}}

This link works once and expires in {{duration expires_in_minutes}}.

If you did not ask for this, you can ignore this email: your password stays as it is.
`,
});
