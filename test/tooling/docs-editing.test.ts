// docs/editing.md promises that every command it shows works as written. This runs them all,
// in order, in a scratch copy of the repository (a git repository of its own), and checks each
// exit code, each output it quotes, and the draft it shows.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kontekst, tempDir } from '../support/cli';
import { ROOT } from '../support/seed';

const DOC = readFileSync(join(ROOT, 'docs/editing.md'), 'utf8');

interface Step {
  command: string;
  exit: number;
  /** Lines of the ```text block right after the command's block: each must be in its output. */
  shows: string[];
}

/** The doc's shell commands, in order, with their expected exit codes and quoted output. */
function steps(markdown: string): Step[] {
  const blocks = [...markdown.matchAll(/```(\w+)\n([\s\S]*?)```/g)].map((m) => ({ lang: m[1] as string, body: m[2] as string, end: (m.index ?? 0) + m[0].length, start: m.index ?? 0 }));
  const out: Step[] = [];
  blocks.forEach((block, i) => {
    if (block.lang !== 'sh') return;
    const commands = block.body.replace(/\\\n\s*/g, ' ').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
    const next = blocks[i + 1];
    const quoted = next && next.lang === 'text' && markdown.slice(block.end, next.start).trim() === '' ? next.body.split('\n').filter((l) => l.trim() && l.trim() !== '…') : [];
    commands.forEach((line, j) => {
      const exit = /#\s*exit (\d+)\s*$/.exec(line);
      out.push({ command: line.replace(/\s+#.*$/, ''), exit: exit ? Number(exit[1]) : 0, shows: j === commands.length - 1 ? quoted : [] });
    });
  });
  return out;
}

function sandbox(): string {
  const dir = join(tempDir(), 'repo');
  for (const path of ['package.json', 'build.mjs', 'manifest.json', 'tsconfig.json', 'LICENSE', 'icons', 'src', 'docs', 'test/fixtures']) {
    cpSync(join(ROOT, path), join(dir, path), { recursive: true });
  }
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  const git = (...args: string[]) => expect(spawnSync('git', args, { cwd: dir, env: gitEnv }).status).toBe(0);
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '-m', 'scratch copy of the repository');
  return dir;
}

const CLI_COMMAND = /^node dist\/cli\/kontekst\.mjs\s+(.*)$/;

/**
 * Runs one of the guide's commands in the scratch repository. `node dist/cli/kontekst.mjs ARGS`
 * runs the tool's main() in this process (a process each made this test the slowest of all; the
 * bundle's own start, exit code and default dataset are shown by test/tooling/cli-spawned.test.ts):
 * the default dataset, which the bundle finds beside itself (src/dataset of this checkout), is
 * passed as --dataset src/dataset. Everything else (npm run build, git, cp) runs in bash.
 */
function runStep(command: string, dir: string): { status: number | null; stdout: string; stderr: string } {
  const cli = CLI_COMMAND.exec(command);
  if (!cli) return spawnSync('bash', ['-c', command], { cwd: dir, env: gitEnv, encoding: 'utf8', timeout: 120_000 });
  const args = [...(cli[1] as string).matchAll(/"([^"]*)"|(\S+)/g)].map((m) => (m[1] ?? m[2]) as string);
  if (/[|<>;&$`'\\]/.test((cli[1] as string).replace(/"[^"$`\\]*"/g, ''))) throw new Error(`the guide's command needs a shell: ${command}`);
  if (!args.includes('--dataset') && args[0] !== 'unpack' && args[0] !== 'pack') args.push('--dataset', 'src/dataset');
  const here = process.cwd();
  process.chdir(dir);
  try {
    const { code, stdout, stderr } = kontekst(...args);
    return { status: code, stdout, stderr };
  } finally {
    process.chdir(here);
  }
}

const gitEnv = { ...process.env, GIT_AUTHOR_NAME: 'Editor', GIT_AUTHOR_EMAIL: 'editor@kontekst.invalid', GIT_COMMITTER_NAME: 'Editor', GIT_COMMITTER_EMAIL: 'editor@kontekst.invalid' };

describe('docs/editing.md', () => {
  const all = steps(DOC);

  it('shows commands, some expected to fail, and output to check them by', () => {
    expect(all.length).toBeGreaterThan(15);
    expect(all.filter((s) => s.exit !== 0).length).toBeGreaterThanOrEqual(3);
    expect(all.filter((s) => s.shows.length).length).toBeGreaterThanOrEqual(3);
  });

  // Two builds (processes of their own) and some twenty runs of the tool (in-process).
  it('every command works as written, in order, with the exit code and output the guide says', { timeout: 300_000 }, () => {
    const dir = sandbox();
    const draftShown = JSON.parse(/The first claim of the draft looks like this[\s\S]*?```json\n([\s\S]*?)```/.exec(DOC)?.[1] ?? 'null') as Record<string, unknown>;
    for (const step of all) {
      const run = runStep(step.command, dir);
      const output = `${run.stdout}${run.stderr}`;
      expect({ command: step.command, exit: run.status, output: run.status === step.exit ? '' : output }).toEqual({ command: step.command, exit: step.exit, output: '' });
      for (const line of step.shows) expect(output, step.command).toContain(line);
      if (step.command.includes('--id jp-2018-07-27-putin-inviterer-trump')) {
        // The draft the guide shows is the draft `new` writes (but for the day it was drafted).
        const draft = JSON.parse(readFileSync(join(dir, 'src/dataset/articles/jp-2018-07-27-putin-inviterer-trump.json'), 'utf8'));
        const first = draft.claims[0];
        first.notes[0].asOf = (draftShown.notes as { asOf: string }[])[0]?.asOf;
        expect(first).toEqual(draftShown);
      }
    }
    // What the guide ends with: a release, an export, drafts from an import and a new pack version.
    for (const made of ['dist/chrome/data/articles/jp-2018-07-27-putin-inviterer-trump.json', 'claimreview.jsonld', 'drafts', 'coastal-courier-1.1.0.json']) {
      expect(existsSync(join(dir, made)), made).toBe(true);
    }
    expect(spawnSync('git', ['status', '--porcelain', 'src/dataset'], { cwd: dir, encoding: 'utf8' }).stdout).toBe('');
  });
});
