import {
  compactTimestamp,
  gcsUrl,
  parseSubmissionObjectPath,
  safeFileName,
  submissionObjectPath,
} from '../../../shared/submissions/model';

describe('object paths (seed 000 layout)', () => {
  const args = {
    pathwayId: 'image-generation',
    userId: 'u-1',
    resourceId: 'foundations-image-gen-r3',
    submissionId: 'A'.repeat(20),
    fileName: 'Über Résumé (final).PNG',
    at: new Date(Date.UTC(2026, 10, 22, 2, 3, 4, 567)),
  };

  it('puts the pathway, learner, resource, time, id and a safe name in the path, and reads them back', () => {
    const path = submissionObjectPath(args);
    expect(path).toBe(
      `pathways/image-generation/users/u-1/resources/foundations-image-gen-r3/20261122T020304Z_${'A'.repeat(20)}_Uber_Resume_final_.PNG`,
    );
    expect(parseSubmissionObjectPath(path)).toEqual({
      pathwayId: 'image-generation',
      userId: 'u-1',
      resourceId: 'foundations-image-gen-r3',
      submissionId: 'A'.repeat(20),
    });
  });

  it('does not read other objects as submissions', () => {
    expect(parseSubmissionObjectPath('quarantine/pathways/p/users/u/resources/r/x')).toBeNull();
    expect(parseSubmissionObjectPath('pathways/p/users/u/resources/r/not-a-submission')).toBeNull();
  });

  it('makes file names safe for a path and a header, keeping the extension when it shortens', () => {
    expect(safeFileName('../../etc/passwd')).toBe('passwd');
    expect(safeFileName('...')).toBe('file');
    expect(safeFileName('a"b;c.pdf')).toBe('a_b_c.pdf');
    const long = safeFileName(`${'x'.repeat(200)}.pdf`);
    expect(long).toHaveLength(100);
    expect(long.endsWith('.pdf')).toBe(true);
  });

  it('sorts timestamps as text and encodes URL segments', () => {
    expect(compactTimestamp(new Date(Date.UTC(2026, 0, 2, 3, 4, 5)))).toBe('20260102T030405Z');
    expect(gcsUrl('b', 'a b/c#d')).toBe('https://storage.googleapis.com/b/a%20b/c%23d');
  });
});
