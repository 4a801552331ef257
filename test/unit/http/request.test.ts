import { requestIdFrom } from '../../../shared/http/request';

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
