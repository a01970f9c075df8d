import type { CareCatalogue } from './care-catalogue.js';
import type { CatalogueItem } from './schema.js';

/** Open Badges 3.0 §B.1.2 `Alignment`: `targetName` and `targetUrl` are required. */
export type ObAlignment = {
  type: ['Alignment'];
  targetName: string;
  targetUrl: string;
  targetCode: string;
  targetFramework: string;
  targetType: 'ext:CareCatalogueItem';
};

/** Open Badges 3.0 §B.1.1 `Achievement`: `id`, `type`, `name`, `description` and `criteria` are required. */
export type ObAchievement = {
  id: string;
  type: ['Achievement'];
  name: string;
  description: string;
  achievementType: string;
  criteria: { narrative: string };
  alignment: ObAlignment[];
};

const FRAMEWORK_NAMES: Record<CatalogueItem['framework'], string> = {
  employer_induction: 'Employer induction',
  care_certificate: 'Care Certificate',
  level_2_adult_social_care_certificate: 'Level 2 Adult Social Care Certificate',
  core_and_mandatory: 'Core and mandatory training',
  oliver_mcgowan: 'Oliver McGowan Mandatory Training on Learning Disability and Autism',
  dementia_training_standards: 'Dementia Training Standards Framework',
  specific_area_of_practice: 'Care Workforce Pathway specific areas of practice',
  nhs_core_skills: 'NHS Core Skills Training Framework',
};

/**
 * The Open Badges 3.0 `Achievement` for a catalogue item, for the issuer to put in
 * `credentialSubject.achievement`. Its `id` and the alignment `targetUrl`s are
 * `<catalogueBaseUrl>/<code>`; it aligns to the item itself and to every NHS CSTF subject it maps to.
 *
 * @example
 * achievementFor(careCatalogue, careCatalogue.getItem('CORE-BLS')!, { catalogueBaseUrl: 'https://passport.example/catalogue' });
 */
export function achievementFor(
  catalogue: CareCatalogue,
  item: CatalogueItem,
  options: { catalogueBaseUrl: string },
): ObAchievement {
  const base = options.catalogueBaseUrl.replace(/\/+$/, '');
  if (!/^https?:\/\//.test(base)) throw new TypeError('catalogueBaseUrl must be an http(s) URL');
  const align = (target: CatalogueItem): ObAlignment => ({
    type: ['Alignment'],
    targetName: target.name,
    targetUrl: `${base}/${target.code}`,
    targetCode: target.code,
    targetFramework: `${FRAMEWORK_NAMES[target.framework]} (care catalogue ${catalogue.catalogueVersion})`,
    targetType: 'ext:CareCatalogueItem',
  });
  const cstf = item.cstfSubjects.map((code) => catalogue.getItem(code)).filter((i) => i !== undefined);
  return {
    id: `${base}/${item.code}`,
    type: ['Achievement'],
    name: item.name,
    description: item.description,
    achievementType: item.achievementType,
    criteria: {
      narrative: item.observedCompetenceRequired
        ? `${item.description} Competence was observed in practice by an assessor.`
        : item.description,
    },
    alignment: [align(item), ...cstf.map(align)],
  };
}
