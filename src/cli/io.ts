// What every kontekst command shares: how it reports a bad call, reads files and finds the dataset.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A mistake in how the tool was called or a file it cannot read: one line on stderr, exit 2. */
export class UsageError extends Error {}

/** A problem with what a file says (a quote not on the page, a bad ClaimReview): one line each on stderr, exit 1. */
export class InputError extends Error {
  constructor(readonly lines: readonly string[]) {
    super(lines[0] ?? 'bad input');
  }
}

/**
 * The dataset next to the built CLI (dist/cli → src/dataset), unless --dataset says otherwise;
 * relative to the working directory when inside it, so problems name files the way editors type them.
 */
export function datasetDir(option: string | undefined): string {
  const dir = option ? resolve(option) : resolve(dirname(fileURLToPath(import.meta.url)), '../../src/dataset');
  const inside = relative(process.cwd(), dir);
  return inside && !inside.startsWith('..') && !isAbsolute(inside) ? inside : dir;
}

/** A file's text, or a UsageError naming why it cannot be read. */
export function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

/** Writes JSON the way dataset files are written: two-space indent, final newline. */
export function writeJson(path: string, value: unknown, { overwrite = true } = {}): void {
  if (!overwrite && existsSync(path)) throw new UsageError(`${path} already exists; pass --force to replace it`);
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
  } catch (error) {
    throw new UsageError(`cannot write ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

/** The value of --url: an absolute http(s) address. */
export function webAddress(option: string | undefined, command: string): string {
  if (!option) throw new UsageError(`${command} needs --url ADDRESS (the address the page was saved from)`);
  let url: URL;
  try {
    url = new URL(option);
  } catch {
    throw new UsageError(`--url ${JSON.stringify(option)} is not an absolute address`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new UsageError(`--url ${JSON.stringify(option)} is not a web address`);
  return option;
}

/** Prints a warning that does not stop the command. */
export function warn(message: string): void {
  process.stderr.write(`kontekst: warning: ${message}\n`);
}
