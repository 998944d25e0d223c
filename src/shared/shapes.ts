// Checks of what crosses between Kontekst's parts, each of which is also the type it admits
// (`Infer<typeof check>`): a message is declared once (messages.ts) and its payload and reply
// types and both validators come from that one declaration, so they cannot drift apart. A few
// combinators instead of a schema library: docs/library-choices.md measured zod at +58 KiB on
// the content script.
import { isObject } from '../core/dataset/json-object';

/** A check of an unknown value, which is the type it admits. */
export type Check<T> = ((v: unknown) => v is T) & { readonly optional?: true };
/** The type a check admits. */
export type Infer<C> = C extends Check<infer T> ? T : never;
/** A check that lets its key be absent from an object. */
type OptionalCheck<T> = Check<T | undefined> & { readonly optional: true };
type Shape = Record<string, Check<unknown>>;
type OptionalKeys<S extends Shape> = { [K in keyof S]: S[K] extends { readonly optional: true } ? K : never }[keyof S];
type Flat<T> = { [K in keyof T]: T[K] } & {};
/** The object a shape describes: its optional checks' keys may be absent. */
export type ObjectOf<S extends Shape> = Flat<{ [K in Exclude<keyof S, OptionalKeys<S>>]: Infer<S[K]> } & { [K in OptionalKeys<S>]?: Infer<S[K]> }>;

export const bool: Check<boolean> = (v): v is boolean => typeof v === 'boolean';
export const num: Check<number> = (v): v is number => typeof v === 'number' && Number.isFinite(v);
/** Anything at all (the part of a value that a `trusted` check leaves unread). */
export const anything: Check<unknown> = (_v): _v is unknown => true;

/** A string of at most `max` UTF-16 units, matching `pattern` when one is given. */
export function str(max = Infinity, pattern?: RegExp): Check<string> {
  return (v): v is string => typeof v === 'string' && v.length <= max && (!pattern || pattern.test(v));
}

/** A safe integer of at least `min`. */
export function int(min: number): Check<number> {
  return (v): v is number => Number.isSafeInteger(v) && (v as number) >= min;
}

/** One of these values (compared with ===). */
export function oneOf<const T extends readonly (string | number | boolean | null)[]>(...values: T): Check<T[number]> {
  return (v): v is T[number] => values.includes(v as T[number]);
}

export function nullable<T>(check: Check<T>): Check<T | null> {
  return (v): v is T | null => v === null || check(v);
}

/** A key of an object that may be absent (or undefined). */
export function optional<T>(check: Check<T>): OptionalCheck<T> {
  return Object.assign((v: unknown): v is T | undefined => v === undefined || check(v), { optional: true as const });
}

/** Either of two checks. */
export function either<A, B>(a: Check<A>, b: Check<B>): Check<A | B> {
  return (v): v is A | B => a(v) || b(v);
}

/** An array of at most `max` items, each passing `item`. */
export function arr<T>(item: Check<T>, max = Infinity): Check<T[]> {
  return (v): v is T[] => Array.isArray(v) && v.length <= max && v.every((x) => item(x));
}

/**
 * A plain object with exactly the shape's keys as its own (optional ones may be absent): nothing
 * inherited, no other key (a "__proto__" or "constructor" a deserialised message carries is one),
 * so nothing extra rides along into handlers or storage.
 */
export function obj<S extends Shape>(shape: S): Check<ObjectOf<S>> {
  const keys = Object.keys(shape);
  return (v): v is ObjectOf<S> =>
    isObject(v) &&
    Object.getPrototypeOf(v) === Object.prototype &&
    Object.keys(v).every((k) => Object.hasOwn(shape, k)) &&
    keys.every((k) => (Object.hasOwn(v, k) ? (shape[k] as Check<unknown>)(v[k]) : shape[k]?.optional === true));
}

/**
 * An object with at least the shape's keys (other keys are let through, unread): for replies
 * from the background, which a newer background may extend.
 */
export function loose<S extends Shape>(shape: S): Check<ObjectOf<S>> {
  const keys = Object.keys(shape);
  return (v): v is ObjectOf<S> => isObject(v) && keys.every((k) => (shape[k] as Check<unknown>)(v[k]));
}

/**
 * A check built when first used: a script's top level then makes one closure instead of the
 * whole check (the content script runs its top level on every recognised page and most loads
 * use few of its checks, some none). Not for a key that may be absent (use `optional` inside).
 */
export function lazy<T>(build: () => Check<T>): Check<T> {
  let check: Check<T> | undefined;
  return (v): v is T => (check ??= build())(v);
}

/**
 * A value checked as far as `check` reads it and taken as a `T` for the rest: for the
 * background's replies that carry a whole dataset article, which the background itself read
 * and checked and which the card reads defensively.
 */
export function trusted<T>(check: Check<unknown>): Check<T> {
  return check as Check<T>;
}
