import { mainTextRoot } from '../core/anchoring/article-anchoring';
import { FINGERPRINT_ALGORITHM, makeFingerprint } from '../core/recognition/fingerprint';
import { readPageText } from '../core/anchoring/page-text';

/** An article's fingerprint from its saved page: the one `kontekst fingerprint` and `kontekst new` both write. */
export function pageFingerprint(doc: Document): { algorithm: typeof FINGERPRINT_ALGORITHM; hashes: string[] } | null {
  const root = mainTextRoot(doc);
  if (!root) return null;
  return { algorithm: FINGERPRINT_ALGORITHM, hashes: makeFingerprint(readPageText(root).text) };
}
