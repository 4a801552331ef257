import { Timestamp } from 'firebase-admin/firestore';
import {
  anonymousFileName,
  identifiersOf,
  REDACTED,
  redactText,
  redactValue,
} from '../../../shared/privacy/redact';

describe('identifiersOf', () => {
  it('looks for the address, its local part, the full name and its longer words, longest first', () => {
    expect(identifiersOf({ email: 'ada.l@example.org', name: 'Ada Lovelace' })).toEqual([
      'ada.l@example.org',
      'Ada Lovelace',
      'Lovelace',
      'ada.l',
      'Ada',
    ]);
  });

  it('skips what is missing and words too short to be a name', () => {
    expect(identifiersOf({ email: null, name: 'Li Wu' })).toEqual(['Li Wu']);
    expect(identifiersOf({ email: null, name: null })).toEqual([]);
  });
});

describe('redactText', () => {
  const ids = identifiersOf({ email: 'ada.l@example.org', name: 'Ada Lovelace' });

  it('replaces every occurrence, whatever its case, the whole name at once', () => {
    expect(redactText('Well done ada lovelace (ADA.L@EXAMPLE.ORG), Ada!', ids)).toBe(
      `Well done ${REDACTED} (${REDACTED}), ${REDACTED}!`,
    );
  });

  it('treats identifiers as text, not patterns', () => {
    expect(redactText('a+b@x.io wrote a.b', ['a+b@x.io'])).toBe(`${REDACTED} wrote a.b`);
    expect(redactText('unchanged', [])).toBe('unchanged');
  });
});

describe('redactValue', () => {
  it('redacts strings at any depth and keeps timestamps and numbers as they are', () => {
    const at = Timestamp.fromMillis(1_700_000_000_000);
    const value = { comments: 'Nice, Lovelace', at, score: 3, history: [{ note: 'lovelace' }] };
    const redacted = redactValue(value, ['Lovelace']);
    expect(redacted).toEqual({
      comments: `Nice, ${REDACTED}`,
      at,
      score: 3,
      history: [{ note: REDACTED }],
    });
    expect(redacted.at).toBe(at);
    expect(value.comments).toBe('Nice, Lovelace');
  });
});

describe('anonymousFileName', () => {
  it('keeps only the extension', () => {
    expect(anonymousFileName('Ada Lovelace CV.PDF')).toBe('file.pdf');
    expect(anonymousFileName('notes')).toBe('file');
  });
});
