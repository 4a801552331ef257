import {
  applyPreferencesPatch,
  categoryStates,
  decide,
  defaultPreferences,
  NotificationPreferencesPatchSchema,
  NotificationPreferencesSchema,
  suppressionId,
  type NotificationPreferences,
  type Suppression,
} from '../../../shared/email/preferences';
import type { MailCategory } from '../../../shared/email/model';

const email = 'amara@example.com';
const bounced: Suppression = { reason: 'bounced', at: new Date(), source: 'smtp 550 5.1.1' };
const complained: Suppression = { reason: 'complained', at: new Date(), source: 'feedback-loop' };
const reportsOff: NotificationPreferences = {
  categories: { progress_reports: false },
  quiet_hours: null,
};

describe('decide', () => {
  const table: Array<
    [MailCategory, NotificationPreferences | null, Suppression | null, ReturnType<typeof decide>]
  > = [
    // Optional mail follows preferences; missing preferences mean every category is on.
    ['progress_reports', null, null, { action: 'send' }],
    ['progress_reports', defaultPreferences(), null, { action: 'send' }],
    ['progress_reports', reportsOff, null, { action: 'skip', reason: 'category_off' }],
    ['announcements', reportsOff, null, { action: 'send' }],
    // Transactional mail ignores preferences...
    ['security', reportsOff, null, { action: 'send' }],
    ['account', reportsOff, null, { action: 'send' }],
    // ...but never suppression, and suppression beats everything else.
    ['security', null, bounced, { action: 'skip', reason: 'suppressed_bounced' }],
    ['account', null, complained, { action: 'skip', reason: 'suppressed_complained' }],
    ['progress_reports', null, complained, { action: 'skip', reason: 'suppressed_complained' }],
    ['progress_reports', reportsOff, bounced, { action: 'skip', reason: 'suppressed_bounced' }],
  ];

  it.each(table)('%s with preferences %j and suppression %j → %j', (category, p, s, expected) => {
    expect(decide({ category, email, preferences: p, suppression: s })).toEqual(expected);
  });

  it('skips a missing or malformed address before anything else', () => {
    for (const address of [null, '', 'not-an-address']) {
      expect(
        decide({ category: 'security', email: address, preferences: null, suppression: null }),
      ).toEqual({ action: 'skip', reason: 'no_address' });
    }
  });
});

describe('preferences', () => {
  it('default to every category on and quiet hours from 21:00 to 08:00', () => {
    const parsed = NotificationPreferencesSchema.parse({});
    expect(parsed).toEqual(defaultPreferences());
    expect(Object.values(categoryStates(parsed)).every(Boolean)).toBe(true);
    expect(parsed.quiet_hours).toEqual({ start: '21:00', end: '08:00' });
  });

  it('list only optional categories: transactional mail cannot be switched off', () => {
    expect(Object.keys(categoryStates(defaultPreferences())).sort()).toEqual(
      ['announcements', 'learning_activity', 'progress_reports', 'submissions'].sort(),
    );
    expect(
      NotificationPreferencesPatchSchema.safeParse({ categories: { security: false } }).success,
    ).toBe(false);
  });

  it('apply a patch field by field, keeping what it does not name', () => {
    const patched = applyPreferencesPatch(reportsOff, {
      categories: { announcements: false },
    });
    expect(patched).toEqual({
      categories: { progress_reports: false, announcements: false },
      quiet_hours: null,
    });
    expect(
      applyPreferencesPatch(patched, { quiet_hours: { start: '22:30', end: '07:00' } }),
    ).toEqual({ ...patched, quiet_hours: { start: '22:30', end: '07:00' } });
  });

  it('refuse malformed quiet hours with the field path', () => {
    const result = NotificationPreferencesPatchSchema.safeParse({
      quiet_hours: { start: '25:00', end: '07:00' },
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['quiet_hours', 'start']);
  });
});

describe('suppressionId', () => {
  it('is the same for an address however it is cased or padded, and holds no address', () => {
    const id = suppressionId('Amara@Example.com ');
    expect(id).toBe(suppressionId('amara@example.com'));
    expect(id).toMatch(/^[0-9a-f]{64}$/);
    expect(suppressionId('amara@example.org')).not.toBe(id);
  });
});
