#!/usr/bin/env node
// CI gate over the peer conformance runner (../shared/conformance/run.mjs: other annotation projects'
// anchoring tests run against Kontekst). The runner fails only on wrong text; this also fails on a
// wrong occurrence (the same text at another place), and on any difference that is not one of the
// design choices docs/anchoring.md documents. A miss whose status is `ambiguous` is such a choice
// (the runner's heuristics, which predate the status, call it a defect).
//
//   node test/conformance/check-peers.mjs      (from the repository root, after npm ci)
//   KX_PEER_DIR=<dir with run.mjs>             (default: ../shared/conformance)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const peerDir = path.resolve(root, process.env.KX_PEER_DIR ?? '../shared/conformance');
const runner = path.join(peerDir, 'run.mjs');
if (!existsSync(runner)) {
  // The peers' cases are not part of this repository (their licences and origin are kept with them).
  console.log(`peer conformance: no runner at ${runner}; skipped (set KX_PEER_DIR to its directory)`);
  process.exit(0);
}

const out = mkdtempSync(path.join(tmpdir(), 'kontekst-peers-'));
const json = path.join(out, 'peers.json');
try {
  const run = spawnSync(process.execPath, [runner, '--json', json], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, KX_MAIN: root, KX_PEER_REPS: process.env.KX_PEER_REPS ?? '1' },
  });
  // 2: the harness could not run at all.
  if (run.status === 2 || !existsSync(json)) {
    console.error(`peer conformance: the runner did not finish (exit ${run.status})`);
    process.exit(1);
  }
  const { results } = JSON.parse(readFileSync(json, 'utf8'));
  const problems = [];
  for (const r of results) {
    const label = `[${r.suite}] ${r.name}`;
    if (r.outcome === 'wrong') problems.push(`${label}: wrong text (${JSON.stringify(r.kontekst.text)})`);
    else if (r.outcome === 'elsewhere') problems.push(`${label}: the same text at another occurrence`);
    else if (r.outcome === 'correct' || r.outcome === 'refused') continue;
    else if (r.outcome === 'miss' && r.kontekst.status === 'ambiguous') continue;
    else if (r.kind !== 'design' && r.kind !== 'semantics') problems.push(`${label}: ${r.outcome}, not a documented difference (${r.kind}: ${r.cause})`);
  }
  if (problems.length) {
    console.error(`\npeer conformance: ${problems.length} problem(s)\n- ${problems.join('\n- ')}`);
    process.exit(1);
  }
  console.log('\npeer conformance: no wrong text, no wrong occurrence, every difference documented in docs/anchoring.md');
} finally {
  rmSync(out, { recursive: true, force: true });
}
