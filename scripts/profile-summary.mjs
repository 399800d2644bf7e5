#!/usr/bin/env node
// Summarises a V8 .cpuprofile (node --cpu-prof, or a benchmark's BENCH_CPU_PROFILE): where the
// samples' self time went, by package or app file and by function, and inclusive time for the
// functions named on the command line.
//   node scripts/profile-summary.mjs file.cpuprofile [top=25] [inclusive-name ...]
import { readFileSync } from 'node:fs';

const [file, topArg, ...inclusiveNames] = process.argv.slice(2);
if (!file) {
  console.error('usage: node scripts/profile-summary.mjs file.cpuprofile [top] [function names for inclusive time]');
  process.exit(2);
}
const top = Number(topArg ?? 25);
const profile = JSON.parse(readFileSync(file, 'utf8'));
const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

// time per sample: the deltas between samples (microseconds)
const selfUs = new Map();
let totalUs = 0;
profile.samples.forEach((id, i) => {
  const dt = profile.timeDeltas[i + 1] ?? 0;
  selfUs.set(id, (selfUs.get(id) ?? 0) + dt);
  totalUs += dt;
});

const where = (frame) => {
  const url = frame.url || '';
  const pkg = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (pkg) return pkg[1];
  if (url.startsWith('node:')) return url;
  const app = url.match(/(apps\/[^?]+|libs\/[^?]+|bench\/[^?]+)/);
  if (app) return app[1];
  return frame.functionName ? `(${frame.functionName})` : '(native)';
};

const add = (m, k, v) => m.set(k, (m.get(k) ?? 0) + v);
const byPlace = new Map();
const byFunction = new Map();
for (const [id, us] of selfUs) {
  const f = nodes.get(id).callFrame;
  add(byPlace, where(f), us);
  add(byFunction, `${f.functionName || '(anonymous)'}  ${where(f)}:${f.lineNumber + 1}`, us);
}

const pct = (us) => `${((100 * us) / totalUs).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(6)} ms`;
const print = (title, m) => {
  console.log(`\n${title}`);
  for (const [k, us] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${pct(us)}  ${k}`);
};
console.log(`${file}: ${(totalUs / 1000).toFixed(0)} ms sampled`);
print('self time by package / file', byPlace);
print('self time by function', byFunction);

// inclusive time: samples with a named function anywhere on their stack (counted once per sample)
for (const name of inclusiveNames) {
  let us = 0;
  for (const [id, t] of selfUs) {
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      if (nodes.get(cur).callFrame.functionName === name) {
        us += t;
        break;
      }
    }
  }
  console.log(`inclusive ${name}: ${pct(us)}`);
}
