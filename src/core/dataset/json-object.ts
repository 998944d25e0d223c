// The one test for "a JSON object" that every reader of untrusted JSON uses (dataset files,
// packs, messages, stored settings, JSON-LD in saved pages).

/** A parsed JSON object. */
export type JsonObject = Record<string, unknown>;

/** An object, not null and not an array. */
export const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
