import { parseConfig } from '../../../shared/config';

describe('config', () => {
  it('derives defaults from the project id and freezes the result', () => {
    const config = parseConfig({ GOOGLE_CLOUD_PROJECT: 'acme' });
    expect(config).toMatchObject({
      projectId: 'acme',
      region: 'us-central1',
      submissionsBucket: 'acme-submissions',
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('names the variable that is wrong', () => {
    expect(() => parseConfig({})).toThrow(/GOOGLE_CLOUD_PROJECT/);
    expect(() => parseConfig({ GCLOUD_PROJECT: 'p', PATHWISE_LOG_LEVEL: 'LOUD' })).toThrow(
      /PATHWISE_LOG_LEVEL/,
    );
  });
});
