import {
  achievementId,
  issuerProfile,
  jwksUrl,
  learnerSubjectId,
} from '../../../shared/certificates/issuer';

const settings = { publicBaseUrl: 'https://learn.example', issuerName: 'Acme Academy' };

describe('issuer URIs', () => {
  it('put the issuer and its keys under the public origin', () => {
    expect(issuerProfile(settings)).toEqual({
      id: 'https://learn.example/api/v1/certificates/issuer',
      name: 'Acme Academy',
      url: 'https://learn.example',
    });
    expect(jwksUrl(settings)).toBe('https://learn.example/api/v1/certificates/issuer/jwks.json');
  });

  it('name a learner stably without revealing the account, and one achievement per pathway', () => {
    const subject = learnerSubjectId('uid-1');
    expect(subject).toMatch(/^urn:pathwise:learner:[0-9a-f]{32}$/);
    expect(subject).not.toContain('uid-1');
    expect(learnerSubjectId('uid-1')).toBe(subject);
    expect(learnerSubjectId('uid-2')).not.toBe(subject);
    expect(achievementId('prompt-engineering')).toBe('urn:pathwise:achievement:prompt-engineering');
  });
});
