import { clientAddress, requestIdFrom } from '../../../shared/http/request';

describe('request ids', () => {
  it('keeps a sane caller id, else uses the trace id, else a fresh UUID', () => {
    expect(requestIdFrom({ 'x-request-id': 'client-req-12345' })).toBe('client-req-12345');
    expect(
      requestIdFrom({
        'x-request-id': 'bad id with spaces',
        'x-cloud-trace-context': '0123456789abcdef0123456789abcdef/1;o=1',
      }),
    ).toBe('0123456789abcdef0123456789abcdef');
    expect(requestIdFrom({})).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('client addresses', () => {
  it('trusts only what the proxies in front appended to X-Forwarded-For', () => {
    // One proxy (Google's front end) appends the address it saw; what the client wrote is ignored.
    expect(clientAddress('6.6.6.6, 198.51.100.7', '10.0.0.1', 1)).toBe('198.51.100.7');
    expect(clientAddress(['6.6.6.6', '198.51.100.7, 10.1.1.1'], '10.0.0.1', 2)).toBe(
      '198.51.100.7',
    );
    expect(clientAddress(' 198.51.100.7 ,', '10.0.0.1', 1)).toBe('198.51.100.7');
  });

  it('falls back to the socket peer without the header, with fewer entries than proxies, or with no proxies', () => {
    expect(clientAddress(undefined, '10.0.0.1', 1)).toBe('10.0.0.1');
    expect(clientAddress('198.51.100.7', '10.0.0.1', 2)).toBe('10.0.0.1');
    expect(clientAddress('198.51.100.7', '10.0.0.1', 0)).toBe('10.0.0.1');
    expect(clientAddress('', undefined, 1)).toBe('unknown');
  });
});
