// The keyboard path to the notes: the toolbar button (the popup, whose list opens a claim's card
// with focus in it) has a shortcut, since the markers are reached by Tab only after the page's
// own content (docs/security.md, "Open items"). Headless browsers do not route extension
// shortcuts (they are the browser window's accelerators, not the page's keys), so this checks
// what both browsers read: the built manifests and the shortcut list's text in both languages.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/seed';

const built = join(ROOT, 'dist');
if (!existsSync(join(built, 'chrome', 'manifest.json'))) throw new Error('dist/ is missing: run npm run build first (npm test does)');

interface Command {
  suggested_key?: { default?: string };
  description?: string;
}

describe('the toolbar button has a keyboard shortcut', () => {
  it.each(['chrome', 'firefox'])('%s: Alt+Shift+K opens the popup, described in both languages', (target) => {
    const manifest = JSON.parse(readFileSync(join(built, target, 'manifest.json'), 'utf8')) as { commands?: Record<string, Command> };
    // _execute_action opens the action's popup (Manifest V3 in Chrome and Firefox); no other command exists.
    expect(Object.keys(manifest.commands ?? {})).toEqual(['_execute_action']);
    const command = manifest.commands?._execute_action as Command;
    expect(command.suggested_key?.default).toBe('Alt+Shift+K');
    const key = /^__MSG_(\w+)__$/.exec(command.description ?? '')?.[1] as string;
    for (const [language, text] of [['en', 'Open Kontekst: the notes on this page'], ['da', 'Åbn Kontekst: noterne på denne side']]) {
      const messages = JSON.parse(readFileSync(join(built, target, '_locales', language as string, 'messages.json'), 'utf8')) as Record<string, { message: string }>;
      expect(messages[key]?.message).toBe(text);
    }
  });
});
