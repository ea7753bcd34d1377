#!/usr/bin/env node
// The layer rule (ARCHITECTURE.md): imports run from a higher layer to a lower one, never back up,
// never sideways between two folders of the same layer, and no runtime import cycle anywhere.
// Reads every import of src/ (type imports too: a type that lives in the wrong layer drags its
// layer's concepts along) and exits 1 with each violation.
//
//   node scripts/check-layers.mjs
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'src');

/** Layers, lowest first. A folder (or file) of src/ may import its own and any lower layer's. */
export const LAYERS = [
  ['kernel'],
  ['config.ts', 'generated'],
  ['store', 'policy'],
  ['crypto'],
  ['messaging', 'functions'],
  ['services'],
  ['protocol', 'doctor'],
  ['server', 'setup'],
  ['cli'],
];

const rank = new Map(LAYERS.flatMap((names, i) => names.map((n) => [n, i])));
const unitOf = (file) => relative(src, file).split('/')[0];

function sources(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

// `import ... from '…'`, `export ... from '…'`, `import '…'`, `import('…')`; whether only types travel.
const IMPORT =
  /^\s*(import|export)\s+(type\s+)?([^'";]*?)\s*from\s*'([^']+)'|^\s*import\s*'([^']+)'|import\(\s*'([^']+)'\s*\)/gm;

export function importsOf(file) {
  const text = readFileSync(file, 'utf8');
  const out = [];
  for (const m of text.matchAll(IMPORT)) {
    const spec = m[4] ?? m[5] ?? m[6];
    if (!spec.startsWith('.')) continue;
    const names = m[3] ?? '';
    // `import type {…}`, or `{ type A, type B }` with every name a type: erased at run time.
    const typeOnly =
      Boolean(m[2]) ||
      (/^\{[^}]*\}$/.test(names) &&
        names
          .slice(1, -1)
          .split(',')
          .filter((n) => n.trim())
          .every((n) => /^\s*type\s/.test(n)));
    out.push({ target: resolve(dirname(file), spec).replace(/\.js$/, '.ts'), typeOnly, lazy: Boolean(m[6]) });
  }
  return out;
}

export function check() {
  const problems = [];
  const files = sources(src);
  const graph = new Map();
  for (const file of files) {
    const from = unitOf(file);
    if (!rank.has(from))
      problems.push(`${relative(root, file)}: src/${from} is in no layer (scripts/check-layers.mjs)`);
    const edges = [];
    for (const { target, typeOnly, lazy } of importsOf(file)) {
      const to = unitOf(target);
      if (to !== from && rank.has(from) && rank.has(to)) {
        if (rank.get(to) > rank.get(from))
          problems.push(
            `${relative(root, file)} imports ${relative(root, target)}: ${from} may not import the higher layer ${to}`,
          );
        else if (rank.get(to) === rank.get(from))
          problems.push(
            `${relative(root, file)} imports ${relative(root, target)}: ${from} and ${to} are one layer, neither imports the other`,
          );
      }
      if (!typeOnly && !lazy) edges.push(target);
    }
    graph.set(file, edges);
  }
  for (const cycle of cycles(graph))
    problems.push(`runtime import cycle: ${cycle.map((f) => relative(root, f)).join(' -> ')}`);
  return problems;
}

/** Strongly connected components of more than one file (Tarjan), each as a cycle through it. */
function cycles(graph) {
  let index = 0;
  const idx = new Map(),
    low = new Map(),
    stack = [],
    on = new Set(),
    found = [];
  const visit = (v) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)));
    }
    if (low.get(v) === idx.get(v)) {
      const scc = [];
      let w;
      do {
        w = stack.pop();
        on.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || (graph.get(v) ?? []).includes(v)) found.push([...scc.reverse(), scc[0]]);
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) visit(v);
  return found;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const problems = check();
  for (const p of problems) console.error(p);
  if (problems.length) {
    console.error(
      `${problems.length} layer rule violation(s); the layers are in ARCHITECTURE.md and scripts/check-layers.mjs`,
    );
    process.exit(1);
  }
  console.log('layers: every import runs downwards, no runtime cycle');
}
