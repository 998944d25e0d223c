// The build as `npm start` runs it: build.mjs in a child process, its failure as one line.
import { spawn } from 'node:child_process';

/**
 * The build's own message in one line: esbuild's first error with its place ("file:line:col:
 * message"), or the dataset's first problem with the build's summary, or its last line.
 */
export function buildErrorLine(output: string): string {
  const lines = output.split('\n').map((line) => line.trim()).filter(Boolean);
  // esbuild's thrown error lists each error as "file:line:col: ERROR: message".
  const located = lines.find((line) => /^\S+:\d+:\d+: ERROR: /.test(line));
  if (located) return located.replace(': ERROR: ', ': ');
  // Its log: "✘ [ERROR] message", the place a few lines below.
  const logged = lines.findIndex((line) => line.includes('[ERROR]'));
  if (logged >= 0) {
    const message = (lines[logged] as string).replace(/^.*\[ERROR\]\s*/, '');
    const where = lines.slice(logged + 1).find((line) => /^\S+:\d+:\d+:$/.test(line));
    return where ? `${where} ${message}` : message;
  }
  const summary = lines.find((line) => line.startsWith('build failed'));
  const first = lines.find((line) => !line.startsWith('build failed'));
  if (first && summary) return `${first} (${summary})`;
  return first ?? summary ?? 'the build exited without a message';
}

/** Runs build.mjs; resolves null when it worked, or the one-line error. */
export function runBuild(): Promise<string | null> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['build.mjs'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let errors = '';
    child.stderr.on('data', (chunk: Buffer) => {
      errors += chunk.toString('utf8');
    });
    child.on('close', (code) => done(code === 0 ? null : `the build failed: ${buildErrorLine(errors)}`));
  });
}
