// `kontekst pack` writes a dataset pack a reader can add in the options page;
// `kontekst check --pack FILE` checks one with the options page's own rules.
import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { type Article, formatProblem } from '../core/dataset/model';
import { compileIndex } from '../core/recognition/index-compile';
import { type DatasetPack, PACK_FORMAT, addKnown, byteLength, checkPack, noneKnown } from '../core/dataset/pack-format';
import { loadIndex } from '../core/recognition/recognize';
import { loadDatasetDir } from './dataset-dir';
import { InputError, UsageError, datasetDir, readText, writeJson } from './io';

function load(dir: string): ReturnType<typeof loadDatasetDir> {
  try {
    return loadDatasetDir(dir);
  } catch (error) {
    throw new UsageError(`cannot read the dataset in ${dir}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

function sameDir(a: string, b: string): boolean {
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return resolve(a) === resolve(b);
  }
}

/** The bundled dataset's ids and addresses, as the background knows them from its index. */
function bundledKnown(): ReturnType<typeof noneKnown> {
  const { articles } = load(datasetDir(undefined));
  return addKnown(noneKnown(), loadIndex(compileIndex(articles.map((a) => a.article))), 'the bundled dataset', true);
}

/** Checks a pack file as the options page would and prints its problems; the pack when it passes. */
export function checkPackFile(path: string): DatasetPack | null {
  const text = readText(path);
  const { pack, problems } = checkPack(text, path, bundledKnown());
  for (const problem of problems) process.stderr.write(`${formatProblem(problem)}\n`);
  if (!pack) {
    process.stderr.write(`${problems.length} problem(s) in the pack ${path}\n`);
    return null;
  }
  process.stdout.write(`ok: pack "${pack.name}" version ${pack.version}, ${pack.articles.length} article(s), ${byteLength(text)} bytes\n`);
  return pack;
}

/** Runs `kontekst pack ARTICLE_ID... --name NAME --version VERSION --dataset DIR [--out FILE]`. */
export function packCommand(args: string[]): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { name: { type: 'string' }, version: { type: 'string' }, out: { type: 'string' }, dataset: { type: 'string' } },
  });
  if (!values.name || !values.version) throw new UsageError('pack needs --name NAME and --version VERSION');
  if (!values.dataset) throw new UsageError('pack needs --dataset DIR: the folder with your own articles (packs hold articles outside the bundled dataset)');
  const dir = datasetDir(values.dataset);
  if (sameDir(dir, datasetDir(undefined))) throw new UsageError('the bundled dataset cannot go into a pack: every reader has it already');
  const { articles, problems } = load(dir);
  if (problems.length) throw new InputError([`the dataset in ${dir} has ${problems.length} problem(s); run kontekst check --dataset ${values.dataset}`]);
  const chosen = positionals.length ? positionals : articles.map((a) => a.article.id);
  const unknown = chosen.filter((id) => !articles.some((a) => a.article.id === id));
  if (unknown.length) throw new UsageError(`no article with id ${unknown.map((id) => JSON.stringify(id)).join(', ')} in ${dir}`);
  const packed: Article[] = chosen.map((id) => {
    const { $schema: _schema, savedCopy: _saved, ...article } = (articles.find((a) => a.article.id === id) as { article: Article }).article;
    return article;
  });
  const pack: DatasetPack = { kontekstPack: PACK_FORMAT, name: values.name, version: values.version, articles: packed };
  const text = `${JSON.stringify(pack, null, 2)}\n`;
  const checked = checkPack(text, values.out ?? 'pack', bundledKnown());
  if (!checked.pack) throw new InputError(checked.problems.map(formatProblem));
  if (values.out) {
    writeJson(resolve(values.out), pack);
    process.stdout.write(`wrote the pack "${pack.name}" ${pack.version} (${packed.length} article(s), ${byteLength(text)} bytes) to ${resolve(values.out)}\n`);
  } else {
    process.stdout.write(text);
  }
  return 0;
}

/** Runs `kontekst unpack PACK.json --dataset DIR [--force]`: the pack's articles as article files, to edit and pack again. */
export function unpackCommand(args: string[]): number {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { dataset: { type: 'string' }, force: { type: 'boolean' } } });
  if (positionals.length !== 1) throw new UsageError('unpack takes one PACK.json');
  if (!values.dataset) throw new UsageError('unpack needs --dataset DIR: the folder to write the articles into');
  const path = positionals[0] as string;
  // Unpacking checks only the pack itself: its articles may well be in the dataset already.
  const { pack, problems } = checkPack(readText(path), path, noneKnown());
  if (!pack) throw new InputError(problems.map(formatProblem));
  const dir = resolve(values.dataset, 'articles');
  for (const article of pack.articles) {
    const file = resolve(dir, `${article.id}.json`);
    writeJson(file, { $schema: '../article.schema.json', ...article }, { overwrite: Boolean(values.force) });
    process.stdout.write(`wrote ${file}\n`);
  }
  process.stdout.write(`unpacked ${pack.articles.length} article(s) of "${pack.name}" ${pack.version}\n`);
  return 0;
}
