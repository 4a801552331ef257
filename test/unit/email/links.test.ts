import { webLinks } from '../../../shared/email/links';
import { greetingName } from '../../../shared/email/mailer';
import { settings } from '../../helpers/email-settings';

describe('webLinks', () => {
  it('builds absolute links under the public origin with path-encoded ids', () => {
    const links = webLinks(settings);
    expect(links.resource('image-generation', 'r 1/2')).toBe(
      'https://learn.pathwise.example/pathways/image-generation/resources/r%201%2F2',
    );
    expect(links.dashboard()).toBe('https://learn.pathwise.example/dashboard');
  });

  it('keeps a path prefix of the public origin', () => {
    const links = webLinks({ brand: { ...settings.brand, url: 'https://example.org/learn' } });
    expect(links.catalog()).toBe('https://example.org/learn/pathways');
  });
});

describe('greetingName', () => {
  it('uses the display name, else the mailbox, else a neutral word', () => {
    expect(greetingName({ name: ' Amara ', email: 'a@x.org' })).toBe('Amara');
    expect(greetingName({ name: null, email: 'amara.okafor@x.org' })).toBe('amara.okafor');
    expect(greetingName({ name: '', email: null })).toBe('there');
  });
});
