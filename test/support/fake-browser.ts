// A small typed fake of the browser's extension APIs that the content scripts and the popup
// call: runtime messaging, i18n (reading the real _locales files, with the browser's
// placeholder rules) and tabs.query. It fakes the browser, not the code under test: the
// "background" here is whatever answers the test gives it.
import { readFileSync } from 'node:fs';
import type { Runtime } from 'webextension-polyfill';
import type { RequestName, Requests } from '../../src/shared/messages';

interface LocaleEntry {
  message: string;
  placeholders?: Record<string, { content: string }>;
}
type Locale = Record<string, LocaleEntry>;

const locales = new Map<string, Locale>();
function locale(lang: string): Locale | null {
  if (!locales.has(lang)) {
    try {
      locales.set(lang, JSON.parse(readFileSync(`src/_locales/${lang}/messages.json`, 'utf8')) as Locale);
    } catch {
      return null;
    }
  }
  return locales.get(lang) ?? null;
}

/** chrome.i18n.getMessage's rules: $NAME$ → the placeholder's content, whose $1…$9 are the substitutions. */
export function formatMessage(entry: LocaleEntry, substitutions: readonly string[]): string {
  const fill = (text: string): string => text.replace(/\$(\d)/g, (_, n: string) => substitutions[Number(n) - 1] ?? '');
  return entry.message
    .replace(/\$([A-Za-z0-9_@]+)\$/g, (whole, name: string) => {
      const placeholder = entry.placeholders?.[name.toLowerCase()];
      return placeholder ? fill(placeholder.content) : whole;
    })
    .replace(/\$\$/g, '$');
}

type MessageListener = (message: unknown, sender: Runtime.MessageSender, sendResponse: (response: unknown) => void) => unknown;

/** What the fake background answers, per message name. */
export type FakeHandlers = { [K in RequestName]?: (payload: Requests[K]['payload']) => Requests[K]['reply'] | Promise<Requests[K]['reply']> };

export interface SentMessage {
  type: string;
  payload: unknown;
}

export const EXTENSION_ID = 'kontekst-test-id';

/** The fake extension APIs. */
export class FakeBrowser {
  /** Every message sent to the background, in order. */
  readonly sent: SentMessage[] = [];
  private readonly listeners = new Set<MessageListener>();
  handlers: FakeHandlers;
  uiLanguage: string;
  activeTabId: number | null;
  tabQueries = 0;
  optionsPagesOpened = 0;

  constructor(options: { uiLanguage?: string; handlers?: FakeHandlers; activeTabId?: number | null } = {}) {
    this.uiLanguage = options.uiLanguage ?? 'en-US';
    this.handlers = options.handlers ?? {};
    this.activeTabId = options.activeTabId === undefined ? 1 : options.activeTabId;
  }

  readonly runtime = {
    id: EXTENSION_ID,
    sendMessage: async (message: unknown): Promise<unknown> => {
      // Structured clone, as the real channel does: nothing is shared by reference.
      const { type, payload } = structuredClone(message) as SentMessage;
      this.sent.push({ type, payload });
      const handler = this.handlers[type as RequestName] as ((p: unknown) => unknown) | undefined;
      if (!handler) throw new Error(`Could not establish connection. Receiving end does not exist. (${type})`);
      return structuredClone(await handler(payload));
    },
    openOptionsPage: async (): Promise<void> => void this.optionsPagesOpened++,
    onMessage: {
      addListener: (listener: MessageListener): void => void this.listeners.add(listener),
      removeListener: (listener: MessageListener): void => void this.listeners.delete(listener),
      hasListener: (listener: MessageListener): boolean => this.listeners.has(listener),
    },
  };

  readonly i18n = {
    getUILanguage: (): string => this.uiLanguage,
    getMessage: (key: string, substitutions?: string | string[]): string => {
      // The browser's choice: the UI language's locale when the extension has it, else default_locale (en).
      const lang = this.uiLanguage.toLowerCase().split(/[-_]/)[0] ?? 'en';
      const entry = locale(lang)?.[key] ?? locale('en')?.[key];
      if (!entry) return '';
      return formatMessage(entry, substitutions === undefined ? [] : Array.isArray(substitutions) ? substitutions : [substitutions]);
    },
  };

  readonly tabs = {
    query: async (query: { active: boolean; currentWindow: boolean }): Promise<{ id?: number }[]> => {
      this.tabQueries++;
      return query.active && query.currentWindow && this.activeTabId !== null ? [{ id: this.activeTabId }] : [];
    },
  };

  /** Number of runtime.onMessage listeners. */
  get listenerCount(): number {
    return this.listeners.size;
  }

  /** Delivers a message as tabs.sendMessage from the background would; resolves with the answer, or undefined. */
  deliver(message: unknown, sender: Runtime.MessageSender = { id: EXTENSION_ID }): Promise<unknown> {
    return new Promise((resolve) => {
      let answered = false;
      let keepOpen = false;
      for (const listener of [...this.listeners]) {
        const result = listener(structuredClone(message), sender, (response) => {
          if (!answered) {
            answered = true;
            resolve(structuredClone(response));
          }
        });
        if (result === true) keepOpen = true;
      }
      // No listener kept the channel open and none answered: the sender sees undefined.
      if (!answered && !keepOpen) resolve(undefined);
    });
  }

  /** Messages of one type sent so far. */
  messages<K extends RequestName>(type: K): Requests[K]['payload'][] {
    return this.sent.filter((m) => m.type === type).map((m) => m.payload as Requests[K]['payload']);
  }
}
