// What every bench does before it measures: build cognate (unless --no-build), check that the
// build is there, drop the PostgreSQL target when no URL was given, and record which cognate it
// measures (the commit, and how many files differ from it).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Builds and checks; returns the options as the results record them (no database password). */
export function prepareRun(root, o) {
  if (o.build) {
    process.stderr.write('building cognate (npx tsc -p tsconfig.json)\n');
    try {
      execFileSync('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
    } catch {
      throw new Error('tsc failed; fix the build, or pass --no-build to benchmark the dist/ already there');
    }
  }
  if (!existsSync(join(root, 'dist/src/cli/main.js')))
    throw new Error('dist/src/cli/main.js is missing: build cognate first');
  if (o.targets.includes('postgres') && !o.pg) {
    process.stderr.write('no PostgreSQL URL (--pg or COGNATE_BENCH_PG_URL): skipping cognate (PostgreSQL)\n');
    o.targets = o.targets.filter((t) => t !== 'postgres');
  }
  return { ...o, pg: o.pg?.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@') };
}

/** The commit measured, and how many files differ from it. */
export function cognateVersion(root) {
  return {
    cognate: execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root }).toString().trim(),
    uncommittedFiles: execFileSync('git', ['status', '--porcelain'], { cwd: root })
      .toString()
      .split('\n')
      .filter(Boolean).length,
  };
}

/** Writes a run's results as JSON: to `file` if given, else to `<bench>/.results/<prefix><start time>.json`. */
export function saveResults(run, benchDir, prefix, file) {
  const path = file ?? join(benchDir, '.results', `${prefix}${run.startedAt.replace(/[:.]/g, '-')}.json`);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(run, null, 2));
  return path;
}

/** The peers the benches measure against or load with; pinned, so runs compare. */
export const PEER_VERSIONS = { 'cognito-local': '5.3.0', autocannon: '9.0.0' };

/**
 * Installs the peers into `<bench>/.peers`, never into the project's dependencies; all of them
 * whenever one of `names` is missing (npm would prune what one install does not name).
 */
export function ensurePeers(benchDir, names = Object.keys(PEER_VERSIONS)) {
  const peers = join(benchDir, '.peers');
  const missing = names.filter((name) => {
    try {
      return (
        JSON.parse(readFileSync(join(peers, 'node_modules', name, 'package.json'), 'utf8')).version !==
        PEER_VERSIONS[name]
      );
    } catch {
      return true;
    }
  });
  if (missing.length === 0) return peers;
  const all = Object.entries(PEER_VERSIONS).map(([n, v]) => `${n}@${v}`);
  process.stderr.write(`installing ${all.join(', ')} into bench/.peers\n`);
  mkdirSync(peers, { recursive: true });
  execFileSync(
    'npm',
    ['install', '--prefix', peers, '--no-save', '--no-audit', '--no-fund', '--loglevel=error', ...all],
    { stdio: ['ignore', 'inherit', 'inherit'] },
  );
  return peers;
}
