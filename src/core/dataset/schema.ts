// A small interpreter for the subset of JSON Schema (2020-12) that the dataset schema
// uses, so that editors' tools and Kontekst's own checks read one schema.
import { isObject } from './json-object';

/** The JSON Schema keywords Kontekst's schemas use. */
export interface JsonSchema {
  $ref?: string;
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  enum?: readonly unknown[];
  const?: unknown;
  pattern?: string;
  /** The form `pattern` asks for, in words (an extension VS Code's JSON editor reads too). */
  patternErrorMessage?: string;
  format?: 'date';
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: readonly string[];
  additionalProperties?: boolean;
  $defs?: Record<string, JsonSchema>;
  [annotation: string]: unknown;
}

/** One thing wrong with a value: where (a JSON path such as `$.claims[2].id`) and what. */
export interface SchemaProblem {
  path: string;
  message: string;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (Number.isInteger(value)) return 'an integer';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function isType(value: unknown, type: NonNullable<JsonSchema['type']>): boolean {
  switch (type) {
    case 'object':
      return isObject(value);
    case 'array':
      return Array.isArray(value);
    case 'integer':
      return Number.isInteger(value);
    default:
      return typeof value === type;
  }
}

/** A real calendar date written as YYYY-MM-DD. */
export function isCalendarDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().startsWith(text);
}

/** The JSON path of a member of the value at `path`: `$.claims[2]`, `$.notes["odd key"]`. */
export function childPath(path: string, key: string | number): string {
  return typeof key === 'number' ? `${path}[${key}]` : /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

/** Checks `value` against `schema`; returns every problem found (empty when valid). */
export function validateSchema(value: unknown, schema: JsonSchema, root: JsonSchema = schema, path = '$'): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  const report = (message: string, at = path): void => void problems.push({ path: at, message });
  if (schema.$ref) {
    const name = schema.$ref.replace(/^#\/\$defs\//, '');
    const target = root.$defs?.[name];
    if (!target) throw new Error(`schema refers to unknown definition ${schema.$ref}`);
    return validateSchema(value, target, root, path);
  }
  if (schema.const !== undefined && value !== schema.const) {
    report(`must be ${JSON.stringify(schema.const)}, not ${JSON.stringify(value)}`);
    return problems;
  }
  if (schema.enum && !schema.enum.includes(value)) {
    report(`must be one of ${schema.enum.map((v) => JSON.stringify(v)).join(', ')}, not ${JSON.stringify(value)}`);
    return problems;
  }
  if (schema.type && !isType(value, schema.type)) {
    report(`must be ${schema.type === 'array' || schema.type === 'integer' || schema.type === 'object' ? 'an' : 'a'} ${schema.type}, not ${describe(value)}`);
    return problems;
  }
  if (typeof value === 'string') {
    if (schema.minLength !== undefined && value.length < schema.minLength) {
      report(schema.minLength === 1 ? 'must not be empty' : `must be at least ${schema.minLength} characters long`);
    }
    if (schema.maxLength !== undefined && value.length > schema.maxLength) {
      report(`is ${value.length} characters long; at most ${schema.maxLength} are allowed`);
    }
    if (schema.pattern && !new RegExp(schema.pattern, 'u').test(value)) {
      const shown = JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
      report(`${shown} does not match ${schema.patternErrorMessage ?? schema.pattern}`);
    } else if (schema.format === 'date' && !isCalendarDate(value)) {
      report(`${JSON.stringify(value)} is not a real date (YYYY-MM-DD)`);
    }
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) report(`must have at least ${schema.minItems} item(s)`);
    if (schema.maxItems !== undefined && value.length > schema.maxItems) report(`has ${value.length} items; at most ${schema.maxItems} are allowed`);
    if (schema.items) value.forEach((item, i) => problems.push(...validateSchema(item, schema.items as JsonSchema, root, childPath(path, i))));
  }
  if (isType(value, 'object') && (schema.properties || schema.required)) {
    const object = value as Record<string, unknown>;
    // Own keys only: "__proto__", "constructor" or "toString" in a file are fields like any other,
    // not the members every object inherits (which would pass as schemas and as present).
    for (const key of schema.required ?? []) {
      if (!Object.hasOwn(object, key)) report(`is missing the required field "${key}"`);
    }
    for (const [key, item] of Object.entries(object)) {
      const sub = schema.properties && Object.hasOwn(schema.properties, key) ? schema.properties[key] : undefined;
      if (sub) problems.push(...validateSchema(item, sub, root, childPath(path, key)));
      else if (schema.additionalProperties === false) report('is not a field of this format', childPath(path, key));
    }
  }
  return problems;
}
