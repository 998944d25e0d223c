// The background's copies in storage.session of values it keeps in storage.local
// (src/background/session-copy.ts): a background started again reads the copy, not storage.local,
// and the copy never holds a value older than the stored one.
import { describe, expect, it, vi } from 'vitest';
import { type CopyArea, SessionCopy } from '../../../src/background/session-copy';

/** storage.session as a Map (shared by every background "started again" in a test). */
function memoryArea(): CopyArea & { data: Map<string, unknown> } {
  const data = new Map<string, unknown>();
  return {
    data,
    get: async (key) => (data.has(key) ? { [key]: structuredClone(data.get(key)) } : {}),
    set: async (items) => void Object.entries(items).forEach(([k, v]) => data.set(k, structuredClone(v))),
    remove: async (key) => void data.delete(key),
  };
}

/** storage.local holding `value`, counting its reads. */
function stored(value: unknown): { read: () => Promise<unknown>; reads: () => number } {
  let count = 0;
  return { read: async () => (count++, value), reads: () => count };
}

describe('a copy in storage.session of a stored value', () => {
  it.each([
    { reason: 'a value, copied as it is', wrap: undefined, value: { version: 3, enabled: false }, copied: { version: 3, enabled: false } },
    { reason: 'a value, wrapped', wrap: 'list', value: { format: 1, packs: [] }, copied: { list: { format: 1, packs: [] } } },
    { reason: 'nothing stored, wrapped: "none" is a copy too', wrap: 'list', value: undefined, copied: { list: null } },
  ])('is read instead of storage.local by a background started again: $reason', async ({ wrap, value, copied }) => {
    const area = memoryArea();
    const local = stored(value);
    expect(await new SessionCopy(() => area, 'copy', wrap).read(local.read)).toEqual(value);
    expect(area.data.get('copy')).toEqual(copied);
    // A background started again: a new copy object on the same storage.session.
    expect(await new SessionCopy(() => area, 'copy', wrap).read(local.read)).toEqual(value);
    expect(local.reads()).toBe(1);
  });

  it('nothing stored, not wrapped: no copy, storage.local is read each time', async () => {
    const area = memoryArea();
    const local = stored(undefined);
    expect(await new SessionCopy(() => area, 'copy').read(local.read)).toBeUndefined();
    expect(await new SessionCopy(() => area, 'copy').read(local.read)).toBeUndefined();
    expect(area.data.has('copy')).toBe(false);
    expect(local.reads()).toBe(2);
  });

  it.each([
    { reason: 'a new value', wrap: undefined, now: { value: { enabled: true } }, copied: { enabled: true } },
    { reason: 'a new value, wrapped', wrap: 'list', now: { value: { packs: [1] } }, copied: { list: { packs: [1] } } },
    { reason: 'the value removed', wrap: undefined, now: { value: undefined }, copied: undefined },
    { reason: 'the value removed, wrapped', wrap: 'list', now: { value: undefined }, copied: { list: null } },
    { reason: 'a change whose value is not known: the copy goes', wrap: 'list', now: undefined, copied: undefined },
  ])('follows a change of the stored value: $reason', async ({ wrap, now, copied }) => {
    const area = memoryArea();
    const copy = new SessionCopy(() => area, 'copy', wrap);
    await copy.read(stored({ old: true }).read);
    copy.changed(now);
    await Promise.resolve();
    expect(area.data.get('copy')).toEqual(copied);
  });

  it('a read of storage.local that began before a change leaves no out-of-date copy behind', async () => {
    const area = memoryArea();
    const copy = new SessionCopy(() => area, 'copy', 'list');
    let answer: ((value: unknown) => void) | null = null;
    const reading = copy.read(() => new Promise((resolve) => (answer = resolve)));
    await vi.waitFor(() => expect(answer).not.toBeNull());
    copy.changed({ value: 'new' });
    answer!('old');
    expect(await reading).toBe('old');
    await Promise.resolve();
    expect(area.data.get('copy')).toEqual({ list: 'new' });
    expect(await new SessionCopy(() => area, 'copy', 'list').read(async () => 'not read')).toBe('new');
  });

  it.each([
    { reason: 'no storage.session (an older browser)', area: () => undefined },
    { reason: 'a storage.session that refuses', area: () => ({ get: () => Promise.reject(new Error('no')), set: () => Promise.reject(new Error('no')), remove: () => Promise.reject(new Error('no')) }) },
    { reason: 'a storage.session that throws at once (the extension context gone)', area: (): CopyArea => ({ get: () => { throw new Error('no'); }, set: () => { throw new Error('no'); }, remove: () => { throw new Error('no'); } }) },
  ])('without a usable area, reads storage.local each time and never fails: $reason', async ({ area }) => {
    const local = stored({ enabled: false });
    const copy = new SessionCopy(area, 'copy', 'list');
    expect(await copy.read(local.read)).toEqual({ enabled: false });
    expect(() => copy.changed({ value: 1 })).not.toThrow();
    expect(() => copy.changed()).not.toThrow();
    expect(await copy.read(local.read)).toEqual({ enabled: false });
    expect(local.reads()).toBe(2);
  });
});
