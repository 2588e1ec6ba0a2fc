/**
 * Self time of a V8 CPU profile (`node --cpu-prof`), by function and by file, the biggest first:
 * where a server under load spends its time.
 *
 *   tsx bench/lib/cpu-profile-summary.ts PROFILE.cpuprofile [--top 25] [--from S] [--to S]
 *
 * --from / --to keep the samples taken that many seconds after the profile began (a server's start-up
 * apart from the load that followed it).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { top: { type: 'string', default: '25' }, from: { type: 'string', default: '0' }, to: { type: 'string', default: 'Infinity' } },
});
const top = Number(values.top);
const fromUs = Number(values.from) * 1e6;
const toUs = Number(values.to) * 1e6;
const profile = JSON.parse(readFileSync(positionals[0]!, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const selfUs = new Map<number, number>();
let atUs = 0;
profile.samples.forEach((id, i) => {
  const delta = profile.timeDeltas[i] ?? 0;
  atUs += delta;
  if (atUs >= fromUs && atUs < toUs) selfUs.set(id, (selfUs.get(id) ?? 0) + delta);
});

const byFunction = new Map<string, number>();
const byFile = new Map<string, number>();
let total = 0;
let idle = 0;
for (const [id, us] of selfUs) {
  const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
  if (functionName === '(idle)') {
    idle += us;
    continue;
  }
  total += us;
  const file = shorten(url) || functionName;
  byFunction.set(`${functionName || '(anonymous)'} ${file}:${lineNumber + 1}`, (byFunction.get(`${functionName || '(anonymous)'} ${file}:${lineNumber + 1}`) ?? 0) + us);
  byFile.set(file, (byFile.get(file) ?? 0) + us);
}

console.log(`busy ${(total / 1e6).toFixed(2)} s, idle ${(idle / 1e6).toFixed(2)} s`);
for (const [title, table] of [['self time by function', byFunction], ['self time by file', byFile]] as const) {
  console.log(`\n${title}:`);
  for (const [name, us] of [...table].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${((100 * us) / total).toFixed(1).padStart(5)} %  ${name}`);
  }
}

/** node_modules/<package>/… and the project's own paths, without the machine's directories. */
function shorten(url: string): string {
  const path = url.replace(/^file:\/\//, '');
  const inModules = path.lastIndexOf('node_modules/');
  if (inModules >= 0) return path.slice(inModules + 'node_modules/'.length);
  const own = path.search(/\/(dist\/)?(src|bench)\//);
  return own >= 0 ? path.slice(own + 1) : path;
}
