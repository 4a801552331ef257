import { EmailSettingsSchema, type EmailSettings } from '../../shared/email/settings';
import { brand } from './email-samples';

export const testSecret = 'test-unsubscribe-secret-0123456789abcdef';

export const settings: EmailSettings = EmailSettingsSchema.parse({
  brand,
  preferences_url: 'https://learn.pathwise.example/settings/notifications',
  unsubscribe_url: 'https://learn.pathwise.example/api/v1/email/unsubscribe',
  unsubscribe_mailto: 'unsubscribe@pathwise.example',
  unsubscribe_secrets: [testSecret],
  unsubscribe_token_ttl_seconds: 180 * 24 * 3600,
});
