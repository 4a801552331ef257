import { AppError } from '../../../shared/errors';
import { MAIL_CATEGORIES } from '../../../shared/email/model';
import { renderEmail, type RenderedEmail } from '../../../shared/email/render';
import {
  TEMPLATE_NAMES,
  templates,
  type TemplateName,
} from '../../../shared/email/templates/index';
import { contrastPairs, htmlLayout, palette } from '../../../shared/email/templates/layout';
import { contextFor, samples } from '../../helpers/email-samples';

const transactional = (name: TemplateName) =>
  MAIL_CATEGORIES[templates[name].category].transactional;

function render(name: TemplateName, data: unknown = samples[name]): RenderedEmail {
  return renderEmail(name, data as never, contextFor(transactional(name)));
}

/** The same data with every nullable field null and every array at its minimum. */
const sparse: { [N in TemplateName]?: unknown } = {
  enrollment_confirmation: {
    ...samples.enrollment_confirmation,
    pathway: { ...samples.enrollment_confirmation.pathway, summary: null, instructor_name: null },
    first_resource: null,
  },
  course_completion: { ...samples.course_completion, next_pathway: null },
  submission_review: {
    ...samples.submission_review,
    approved: true,
    grade: 'pass',
    comments: null,
    reviewer_name: null,
  },
  weekly_progress: {
    ...samples.weekly_progress,
    stats: { ...samples.weekly_progress.stats, average_quiz_score: null },
    improvements: [],
    recommendations: [],
  },
  notification: { ...samples.notification, action: null },
};

const variants: Array<[string, TemplateName, unknown]> = [
  ...TEMPLATE_NAMES.map((n): [string, TemplateName, unknown] => [`${n} (full)`, n, samples[n]]),
  ...Object.entries(sparse).map(([n, d]): [string, TemplateName, unknown] => [
    `${n} (sparse)`,
    n as TemplateName,
    d,
  ]),
];

/** Handlebars escapes `&`, `=`, quotes and backticks in attribute values; browsers decode them. */
const decode = (value: string) =>
  value.replace(
    /&(amp|quot|#x27|#x3D|#x60);/g,
    (_m, e: string) => ({ amp: '&', quot: '"', '#x27': "'", '#x3D': '=', '#x60': '`' })[e]!,
  );
const hrefs = (html: string) =>
  [...html.matchAll(/\s(?:href|src)="([^"]*)"/g)].map((m) => decode(m[1]!));
const textUrls = (text: string) =>
  [...text.matchAll(/\b[a-z][a-z0-9+.-]*:\/\/\S+/gi)].map((m) => m[0]);

describe('every template', () => {
  it('covers the eight emails of the issue, and the corrected certificate', () => {
    expect(TEMPLATE_NAMES.sort()).toEqual(
      [
        'certificate_reissued',
        'course_completion',
        'enrollment_confirmation',
        'invalid_upload',
        'notification',
        'password_reset',
        'submission_review',
        'weekly_progress',
        'welcome',
      ].sort(),
    );
  });

  describe.each(variants)('%s', (_label, name, data) => {
    const mail = render(name, data);

    it('has a subject and both parts with no placeholder or missing value left', () => {
      expect(mail.subject.length).toBeGreaterThan(5);
      expect(mail.text.length).toBeGreaterThan(100);
      expect(mail.html.length).toBeGreaterThan(500);
      for (const part of [mail.subject, mail.text, mail.html]) {
        expect(part).not.toMatch(/\{\{|\}\}|undefined|\bnull\b|NaN|\[object Object\]/);
      }
    });

    it('links only to absolute http(s) or mailto addresses, in both parts', () => {
      const links = hrefs(mail.html);
      expect(links.length).toBeGreaterThan(2);
      for (const link of links) expect(link).toMatch(/^(https?:\/\/[^/\s]+|mailto:[^@\s]+@)/);
      expect(mail.html).not.toMatch(/href="(?!https?:|mailto:)/);
      for (const url of textUrls(mail.text)) expect(url).toMatch(/^https?:\/\/[^/\s]+/);
      // Every web link of the HTML part is readable in the text part too.
      for (const link of links.filter((l) => l.startsWith('http') && !l.endsWith('.png'))) {
        expect(mail.text).toContain(link);
      }
    });

    it('is an accessible HTML document and a plain text part', () => {
      expect(mail.html).toMatch(/^<!DOCTYPE html>\n<html lang="en"/);
      expect(mail.html).toContain(`<title>${mail.subject.replace(/&/g, '&amp;')}</title>`);
      for (const img of mail.html.match(/<img\b[^>]*>/g) ?? []) {
        expect(img).toMatch(/\salt="[^"]+"/);
      }
      for (const table of mail.html.match(/<table\b[^>]*>/g) ?? []) {
        expect(table).toContain('role="presentation"');
      }
      expect(mail.text).not.toMatch(/<[a-z/][^>]*>|&[a-z]+;|&#\d+;/i);
      expect(mail.text).not.toMatch(/\n\n\n/);
      expect(mail.text.split('\n').every((line) => line.length < 400)).toBe(true);
    });

    it('offers an unsubscribe link exactly when the category is optional', () => {
      const unsubscribe = 'https://learn.pathwise.example/api/v1/email/unsubscribe?token=abc.def';
      expect(hrefs(mail.html).includes(unsubscribe)).toBe(!transactional(name));
      expect(mail.text.includes(unsubscribe)).toBe(!transactional(name));
      expect(mail.text).toContain('https://learn.pathwise.example/settings/notifications');
    });
  });
});

describe('renderEmail', () => {
  const hostile = '<script>alert("x")</script> & Co';

  it('escapes data in HTML and leaves it readable in the subject and the text part', () => {
    const mail = render('notification', {
      ...samples.notification,
      name: hostile,
      title: `Hello ${hostile}`,
      paragraphs: [`Body ${hostile}`],
    });
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co');
    expect(mail.subject).toBe(`Hello ${hostile}`);
    expect(mail.text).toContain(`Hello ${hostile},`);
    expect(mail.text).toContain(`Body ${hostile}`);
  });

  it('refuses data that misses a field, naming the field', () => {
    const { dashboard_url: _omit, ...rest } = samples.welcome;
    expect(() => render('welcome', rest)).toThrow(AppError);
    try {
      render('welcome', rest);
    } catch (error) {
      expect((error as AppError).code).toBe('invalid_argument');
      expect((error as AppError).details).toEqual([
        expect.objectContaining({ path: 'welcome.dashboard_url' }),
      ]);
    }
  });

  it('refuses relative and non-web links', () => {
    for (const url of ['/dashboard', 'javascript:alert(1)', 'learn.pathwise.example/x']) {
      expect(() => render('welcome', { ...samples.welcome, dashboard_url: url })).toThrow(
        /welcome\.dashboard_url/,
      );
    }
  });

  it('refuses control characters that could break a subject line', () => {
    expect(() =>
      render('notification', { ...samples.notification, title: 'Hi\r\nBcc: x@example.com' }),
    ).toThrow(/notification\.title/);
  });

  it('requires an unsubscribe link for optional categories and refuses one for transactional mail', () => {
    expect(() => renderEmail('weekly_progress', samples.weekly_progress, contextFor(true))).toThrow(
      /needs an unsubscribe link/,
    );
    expect(() => renderEmail('password_reset', samples.password_reset, contextFor(false))).toThrow(
      /has no unsubscribe link/,
    );
  });

  it('formats dates in the learner timezone and counts with words', () => {
    const reset = render('password_reset');
    // 00:30 UTC on 30 March 2025 is 00:30 GMT in London, an hour before the clocks change.
    expect(reset.text).toMatch(/30 March 2025.*00:30 GMT/);
    expect(reset.text).toContain('expires in 1 hour.');
    const enrolled = render('enrollment_confirmation');
    expect(enrolled.text).toContain('6 modules · 31 resources · about 21 hours 30 minutes');
    expect(enrolled.text).toContain('enrolled on Monday, 10 March 2025.');
  });

  it('shows a zero quiz score as 0%, and a week without quizzes as such', () => {
    const zero = render('weekly_progress', {
      ...samples.weekly_progress,
      stats: { ...samples.weekly_progress.stats, average_quiz_score: 0 },
    });
    expect(zero.text).toContain('Average quiz score: 0%');
    const none = render('weekly_progress', sparse.weekly_progress);
    expect(none.text).toContain('Average quiz score: no quiz this week');
  });

  it('links the certificate verification page rather than attaching a file', () => {
    const mail = render('course_completion');
    const url = samples.course_completion.certificate.verification_url;
    expect(mail.html).toContain(`href="${url}"`);
    expect(mail.text).toContain(url);
  });

  it('stamps a stable template version that changes with the sources', () => {
    const versions = TEMPLATE_NAMES.map((n) => render(n).template_version);
    for (const v of versions) expect(v).toMatch(/^[0-9a-f]{16}$/);
    expect(new Set(versions).size).toBe(versions.length);
    expect(render('welcome').template_version).toBe(versions[TEMPLATE_NAMES.indexOf('welcome')]);
  });
});

describe('palette', () => {
  const luminance = (hex: string) => {
    const [r, g, b] = [1, 3, 5].map((i) => {
      const c = parseInt(hex.slice(i, i + 2), 16) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  };
  const contrast = (a: string, b: string) => {
    const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (hi! + 0.05) / (lo! + 0.05);
  };

  it.each(contrastPairs)('%s on %s meets WCAG AA for normal text (4.5:1)', (fg, bg) => {
    expect(contrast(palette[fg], palette[bg])).toBeGreaterThanOrEqual(4.5);
  });

  it('is the only source of colours in the layout and the templates', () => {
    const allowed = new Set<string>(Object.values(palette));
    const sources = [htmlLayout, ...Object.values(templates).map((t) => t.html)].join('\n');
    for (const colour of sources.match(/#[0-9a-f]{6}\b/gi) ?? []) {
      expect(allowed).toContain(colour.toLowerCase());
    }
  });
});
