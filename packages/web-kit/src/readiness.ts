import { formatDate } from './web-kit.js';

/** GOV.UK tag colours a person reads at a glance. */
export type Colour = 'green' | 'amber' | 'red';

/** One requirement of a role as a page shows it. */
export interface RequirementLine {
  code: string;
  name: string;
  required: boolean;
  colour: Colour;
  label: string;
  detail: string;
}

/** The parts of a care-catalogue `RequirementResult` the pages show. */
export interface RequirementResultLike {
  code: string;
  level: 'required' | 'recommended';
  state: 'met' | 'due_soon' | 'lapsed' | 'missing';
  refreshDue?: string;
  lapsedSince?: string;
}

/**
 * Readiness requirements in the words and colours of the pages (verifier result, wallet self-view): met is
 * green; due soon is amber; lapsed or missing is red when required and amber when only recommended.
 * @example describeRequirements(report.requirements, (code) => getItem(code)?.name ?? code)
 */
export function describeRequirements(
  requirements: readonly RequirementResultLike[],
  nameOf: (code: string) => string,
): RequirementLine[] {
  return requirements.map((q) => ({
    code: q.code,
    name: nameOf(q.code),
    required: q.level === 'required',
    colour:
      q.state === 'met'
        ? 'green'
        : q.state === 'due_soon'
          ? 'amber'
          : q.level === 'required'
            ? 'red'
            : 'amber',
    label: { met: 'Met', due_soon: 'Due soon', lapsed: 'Lapsed', missing: 'Missing' }[q.state],
    detail:
      q.state === 'met'
        ? q.refreshDue
          ? `Refresh by ${formatDate(q.refreshDue)}`
          : 'No refresh needed'
        : q.state === 'due_soon'
          ? `Refresh by ${q.refreshDue ? formatDate(q.refreshDue) : 'soon'}`
          : q.state === 'lapsed'
            ? `Lapsed on ${formatDate(q.lapsedSince ?? q.refreshDue) || 'an earlier date'}: retrain`
            : 'No record: train',
  }));
}
