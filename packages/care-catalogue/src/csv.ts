import type { ReadinessReport, RequirementResult } from './care-catalogue.js';

/** One staff member's row in the training matrix. */
export type TrainingMatrixRow = { staffName: string; staffId: string; report: ReadinessReport };

// OWASP "CSV Injection": a cell a spreadsheet would read as a formula starts with = + - @ (or a tab or
// carriage return, which some spreadsheets skip before looking). Prefixing a single quote makes it text.
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Makes one CSV field safe: neutralises formula-looking text, then quotes it as RFC 4180 §2 requires
 * when it holds a comma, a double quote or a line break (inner quotes doubled).
 *
 * @example
 * csvCell('=HYPERLINK("x")'); // "\"'=HYPERLINK(\"\"x\"\")\""
 */
export function csvCell(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

function describe(r: RequirementResult): string {
  const parts: string[] = [r.state === 'due_soon' ? 'due soon' : r.state];
  if (r.completionDate) parts.push(`completed ${r.completionDate}`);
  if (r.state === 'lapsed' && r.lapsedSince) parts.push(`lapsed since ${r.lapsedSince}`);
  else if (r.refreshDue) parts.push(`refresh due ${r.refreshDue}`);
  if (r.level === 'recommended') parts.push('recommended');
  return parts.join('; ');
}

/**
 * The training matrix an employer shows a CQC inspector: one row per member of staff, one column per
 * topic (every requirement code in any row's report, in first-seen order). A cell reads like
 * `met; completed 2025-01-10; refresh due 2026-01-10`, `lapsed; completed 2024-01-10; lapsed since
 * 2025-01-10`, or `missing`; `n/a` when the topic is not a requirement for that person's role and
 * setting. Each row names the catalogue and pathway versions its report used. Lines end with CRLF
 * (RFC 4180 §2) and every cell is escaped against CSV injection with {@link csvCell}.
 *
 * @example
 * const csv = trainingMatrixCsv([{ staffName: 'Laura', staffId: 'S-001', report }]);
 */
export function trainingMatrixCsv(rows: readonly TrainingMatrixRow[]): string {
  const topics = new Map<string, string>();
  for (const { report } of rows)
    for (const r of report.requirements) if (!topics.has(r.code)) topics.set(r.code, r.name);
  const header = [
    'Staff ID',
    'Staff name',
    'Role category',
    'Setting',
    'As of',
    'Ready',
    'To retrain',
    'Catalogue version',
    'Pathway version',
    ...[...topics].map(([code, name]) => `${name} (${code})`),
  ];
  const lines = [header];
  for (const { staffId, staffName, report } of rows) {
    const byCode = new Map(report.requirements.map((r) => [r.code, r] as const));
    lines.push([
      staffId,
      staffName,
      report.roleCategory,
      report.setting,
      report.asOf,
      report.summary.ready ? 'yes' : 'no',
      report.retrain.join(' '),
      report.catalogueVersion,
      report.pathwayVersion,
      ...[...topics.keys()].map((code) => {
        const r = byCode.get(code);
        return r ? describe(r) : 'n/a';
      }),
    ]);
  }
  return lines.map((cells) => cells.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
