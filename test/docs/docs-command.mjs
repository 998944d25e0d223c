// `npm run docs` (see generate-docs.ts), run through the TypeScript hooks `npm start` uses.
import { register } from 'node:module';

register('../start/ts-hooks.mjs', import.meta.url);
await import('./generate-docs.ts');
