// The stable entry for ../shared/conformance/run.mjs (other projects' anchoring tests, run against
// Kontekst): it bundles this file, so the runner keeps working whatever the rooms of src/core are.
export { anchorArticleClaims } from '../../src/core/anchoring/article-anchoring';
export { contextScore, exactOccurrences, foldSelector } from '../../src/core/anchoring/anchor-quote';
export { negationKey } from '../../src/core/anchoring/negation';
export { normalizeText } from '../../src/core/anchoring/normalize';
export { mayShowText, readPageText } from '../../src/core/anchoring/page-text';
