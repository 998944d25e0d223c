// `npm run bench:libraries` (see library-choices.ts), run through the TypeScript hooks `npm start` uses.
import { register } from 'node:module';

register('../test/start/ts-hooks.mjs', import.meta.url);
await import('./library-choices.ts');
