import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  defaultCorsOrigins,
  deployedCorsPolicy,
  lifecycleDeletes,
  LifecyclePolicySchema,
} from '../../../infra/bucket-policies';
import { FEEDBACK_PREFIX, QUARANTINE_PREFIX } from '../../../shared/submissions/model';

const read = (file: string) =>
  JSON.parse(readFileSync(path.resolve(__dirname, '../../../infra', file), 'utf8')) as unknown;
const template = read('cors.json') as { responseHeader: string[] }[];

describe('the deployed CORS policy', () => {
  it("allows exactly the configured origins, by default the project's Hosting domains and localhost", () => {
    expect(defaultCorsOrigins('acme')).toEqual([
      'https://acme.web.app',
      'https://acme.firebaseapp.com',
      'http://localhost:5000',
    ]);
    const policy = deployedCorsPolicy(template, ['https://learn.example.org']);
    expect(policy.map((r) => r.origin)).toEqual([['https://learn.example.org']]);
  });

  it('refuses a wildcard, a path or no origin at all', () => {
    expect(() => deployedCorsPolicy(template, ['*'])).toThrow(/Expected an origin/);
    expect(() => deployedCorsPolicy(template, ['https://a.example/app'])).toThrow(
      /Expected an origin/,
    );
    expect(() => deployedCorsPolicy(template, [])).toThrow();
  });

  it('refuses a policy that would block a header the signed URLs ask for', () => {
    const broken = template.map((rule) => ({
      ...rule,
      responseHeader: rule.responseHeader.filter((h) => h !== 'x-goog-if-generation-match'),
    }));
    expect(() => deployedCorsPolicy(broken, ['https://a.example'])).toThrow(
      'PUT from https://a.example: header x-goog-if-generation-match is not allowed',
    );
  });
});

describe('the submissions bucket lifecycle (infra/lifecycle.json)', () => {
  const policy = LifecyclePolicySchema.parse(read('lifecycle.json'));

  it('deletes quarantined files once they are 7 days old, not before', () => {
    const quarantined = `${QUARANTINE_PREFIX}p1/u1/r1/sub1/file.exe`;
    expect(lifecycleDeletes(policy, quarantined, 6)).toBe(false);
    expect(lifecycleDeletes(policy, quarantined, 7)).toBe(true);
  });

  it('never deletes a submission or feedback file outside quarantine', () => {
    for (const name of [
      'p1/u1/r1/sub1/essay.pdf',
      `${FEEDBACK_PREFIX}sub1/notes.pdf`,
      'quarantine',
    ])
      expect(lifecycleDeletes(policy, name, 3650)).toBe(false);
  });
});
