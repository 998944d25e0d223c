// `npm start`: builds Kontekst, serves its demo pages at their real addresses and opens a
// browser with it loaded (see test/start/command.ts; `npm start -- --help` lists the options).
import { register } from 'node:module';

register('./ts-hooks.mjs', import.meta.url);
await import('./command.ts');
