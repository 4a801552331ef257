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

describe('clientAddress', () => {
  it("takes the last X-Forwarded-For entry (the front end's), else the socket's address", () => {
    expect(
      clientAddress({ headers: { 'x-forwarded-for': '6.6.6.6, 203.0.113.7' }, socket: {} }),
    ).toBe('203.0.113.7');
    expect(clientAddress({ headers: {}, socket: { remoteAddress: '127.0.0.1' } })).toBe(
      '127.0.0.1',
    );
    expect(clientAddress({ headers: { 'x-forwarded-for': ' , ' } })).toBe('unknown');
  });
});
