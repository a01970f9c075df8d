import { readFileSync } from 'node:fs';
import { type CareCatalogue, createCareCatalogue } from './care-catalogue.js';

function readJson(name: string): unknown {
  // Read beside the sources rather than `import … with { type: 'json' }`, so jest (swc) and Node load it
  // the same way. The files are parsed and cross-checked once, at module load; a bad file throws here.
  return JSON.parse(readFileSync(new URL(`../data/${name}`, import.meta.url), 'utf8'));
}

/**
 * The shipped catalogue (`data/catalogue.v1.json`) and pathway (`data/pathway.v1.json`), validated at load.
 *
 * @example
 * careCatalogue.getItem('CC-FULL')?.issuerKinds; // ['employer']
 */
export const careCatalogue: CareCatalogue = createCareCatalogue(
  readJson('catalogue.v1.json'),
  readJson('pathway.v1.json'),
);
