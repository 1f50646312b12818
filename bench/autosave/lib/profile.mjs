// Where the API's main thread spends the measured window, from a V8 CPU profile (node --cpu-prof).
// Samples are wall-clock: time inside a syscall (a socket write that wakes PostgreSQL and gets the
// thread preempted) counts as much as JavaScript. Two views: self time by package, and the same with
// native and Node-core time charged to the package that called it ("socket writes from pg").
import { readFile } from 'node:fs/promises';

function packageOf(url) {
  if (!url) return undefined;
  const modules = url.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const parts = url.slice(modules + '/node_modules/'.length).split('/');
    return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
  }
  // Our libraries are bundled into dist/apps/api/main.js; npm packages stay in node_modules.
  if (url.includes('dist/apps/api/')) return 'dahe (dist/apps/api bundle)';
  if (url.startsWith('node:') || !url.includes('/')) return 'node (core)';
  return url;
}

/**
 * Time inside [fromMs, toMs] after the profile started (the child's start, a few tens of ms off,
 * which does not matter for a window of seconds).
 */
export async function summariseProfile(file, fromMs, toMs) {
  const profile = JSON.parse(await readFile(file, 'utf8'));
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parents = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);

  const selfPackage = (node) => {
    const frame = node.callFrame;
    if (!frame.url) return frame.functionName.startsWith('(') ? frame.functionName : '(native)';
    return packageOf(frame.url);
  };
  // The innermost frame on the stack that belongs to a package (not Node core, not native).
  const callerPackage = (node) => {
    for (let id = node.id; id !== undefined; id = parents.get(id)) {
      const pkg = packageOf(nodes.get(id).callFrame.url);
      if (pkg && pkg !== 'node (core)') return pkg;
    }
    return selfPackage(node);
  };

  const bySelf = new Map();
  const byCaller = new Map();
  const byFunction = new Map();
  const add = (map, key, ms) => map.set(key, (map.get(key) ?? 0) + ms);
  let total = 0;
  let idle = 0;
  let t = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const delta = profile.timeDeltas[i] / 1000;
    t += delta;
    if (t < fromMs || t > toMs) continue;
    const node = nodes.get(profile.samples[i]);
    const self = selfPackage(node);
    add(bySelf, self, delta);
    // V8's pseudo-frames ((idle), (program), (garbage collector)) have no caller worth naming.
    const charged = self === '(native)' || self === 'node (core)';
    add(byCaller, charged ? `${callerPackage(node)} → ${self === '(native)' ? 'native' : 'node core'}` : self, delta);
    const name = node.callFrame.functionName || '(anonymous)';
    add(byFunction, `${name}  [${charged ? `${self}, called from ${callerPackage(node)}` : self}]`, delta);
    total += delta;
    if (name === '(idle)') idle += delta;
  }
  const top = (map, n) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, ms]) => ({ name, ms: Math.round(ms), share: total > 0 ? ms / total : 0 }));
  return {
    windowMs: Math.round(toMs - fromMs),
    sampledMs: Math.round(total),
    busyMs: Math.round(total - idle),
    packages: top(bySelf, 15),
    packagesWithCallees: top(byCaller, 15),
    functions: top(byFunction, 20),
  };
}
