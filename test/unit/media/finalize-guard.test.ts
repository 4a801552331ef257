import { mediaFinalizeGuard } from '../../../shared/media/finalize';

const ID = '0b9f3c2e-8d4a-4f6b-9c1d-2e3f4a5b6c7d';

describe('the media finalize guard', () => {
  it('handles media objects of the uploads bucket and says why it skips anything else', () => {
    expect(mediaFinalizeGuard({ bucket: 'b', name: `documents/${ID}.pdf` }, 'b')).toEqual({
      handle: true,
      mediaId: ID,
    });
    expect(mediaFinalizeGuard({ bucket: 'other', name: `documents/${ID}.pdf` }, 'b')).toEqual({
      handle: false,
      reason: 'bucket other is not the uploads bucket',
    });
    expect(mediaFinalizeGuard({ bucket: 'b', name: 'documents/evil.pdf' }, 'b')).toEqual({
      handle: false,
      reason: 'not a media object path',
    });
  });
});
