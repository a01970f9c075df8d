import { assessReadiness, csvCell, type EvidenceCredential, trainingMatrixCsv } from './index.js';

const c = (id: string, catalogueCode: string, completionDate: string): EvidenceCredential => ({
  id,
  catalogueCode,
  completionDate,
  verified: true,
});

describe('csvCell', () => {
  it.each([
    ['plain', 'plain'],
    ['=1+1', "'=1+1"],
    ['+44 7700 900000', "'+44 7700 900000"],
    ['-2', "'-2"],
    ['@SUM(A1:A2)', "'@SUM(A1:A2)"],
    ['\t=cmd', "'\t=cmd"],
    ['=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
    ['Smith, Jo', '"Smith, Jo"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['a=b', 'a=b'],
    ['', ''],
  ])('%p becomes %p', (input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });
});

describe('trainingMatrixCsv', () => {
  const today = '2026-01-10';
  const laura = assessReadiness({
    credentials: [
      c('a', 'CORE-BLS', '2025-03-01'),
      c('b', 'CORE-FIRE-SAFETY', '2024-06-01'),
      c('d', 'CC-FULL', '2025-09-01'),
    ],
    roleCategory: 'new_to_care',
    setting: 'home_care',
    today,
  });
  const sam = assessReadiness({
    credentials: [c('e', 'CORE-ORAL-HEALTH', '2025-10-01')],
    roleCategory: 'care_or_support_worker',
    setting: 'residential',
    today,
  });
  const sut = trainingMatrixCsv([
    { staffId: 'S-001', staffName: 'Laura Example', report: laura },
    { staffId: 'S-002', staffName: '=cmd|"/c calc"!A1', report: sam },
  ]);
  const lines = sut.split('\r\n');

  it('has a header, one line per person and a final CRLF', () => {
    expect(lines).toHaveLength(4);
    expect(lines[3]).toBe('');
    expect(
      lines[0]!.startsWith(
        'Staff ID,Staff name,Role category,Setting,As of,Ready,To retrain,Catalogue version,Pathway version,',
      ),
    ).toBe(true);
    expect(lines[0]).toContain('Basic life support (CORE-BLS)');
    // Topics from the second person that the first does not have are appended.
    expect(lines[0]).toContain('Oral health (CORE-ORAL-HEALTH)');
  });

  it('writes states with dates, n/a where a topic does not apply, and versions', () => {
    const header = lines[0]!.split(',');
    const cell = (line: number, code: string) => {
      const idx = header.findIndex((h) => h.endsWith(`(${code})`));
      return lines[line]!.split(',')[idx];
    };
    expect(cell(1, 'CORE-BLS')).toBe('due soon; completed 2025-03-01; refresh due 2026-03-01');
    expect(cell(1, 'CORE-FIRE-SAFETY')).toBe('lapsed; completed 2024-06-01; lapsed since 2025-06-01');
    expect(cell(1, 'CC-FULL')).toBe('met; completed 2025-09-01');
    expect(cell(1, 'CORE-MOVING-HANDLING')).toBe('missing');
    expect(cell(1, 'CORE-MEDICATION')).toBe('missing; recommended');
    expect(cell(1, 'CORE-ORAL-HEALTH')).toBe('n/a');
    expect(lines[1]!.startsWith('S-001,Laura Example,new_to_care,home_care,2026-01-10,no,')).toBe(true);
    expect(lines[1]).toContain(',1.0.0,2025-04.1,');
  });

  it('neutralises a formula smuggled in through a staff name', () => {
    expect(lines[2]!.startsWith(`S-002,"'=cmd|""/c calc""!A1",`)).toBe(true);
    // No cell on any line starts with a bare formula character.
    for (const line of lines) expect(line).not.toMatch(/(^|,)[=+\-@]/);
  });

  it('gives just the header for no staff', () => {
    expect(trainingMatrixCsv([])).toBe(
      'Staff ID,Staff name,Role category,Setting,As of,Ready,To retrain,Catalogue version,Pathway version\r\n',
    );
  });
});
