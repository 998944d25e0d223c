// Injected by the background into a page it recognised where its page reader found no annotator
// (src/injected/read-page-facts.ts); a page recognised again (single-page navigation, a live blog
// that grew, Kontekst turned back on) is only handed its article. The injection creates the
// page's annotator; the background sends the article's start in the same moment (startOrStash,
// src/injected/annotator-start.ts): when that ran first, the start waits here for the bundle. The
// extension API is looked up only when first used: in Firefox `browser` is built in the page on
// first access (milliseconds on every article).
import { extensionApi } from '../shared/ext';
import { createAnnotator } from './annotator';
import { beginStashedStart, currentAnnotator, registerAnnotator } from './bridge';

if (!currentAnnotator()) registerAnnotator(createAnnotator({ api: extensionApi, requireVisible: true }));
beginStashedStart();
