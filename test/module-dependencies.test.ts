// The module rules of docs/decisions/0016-module-dependencies.md, read from the source: modules import
// each other one way only, and a module's files write only the tables its *.table.ts declares.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../src', import.meta.url));
const MODULES = path.join(SRC, 'modules');

interface SourceFile {
  /** Relative to src/modules, with forward slashes: `items/item.service.ts`. */
  name: string;
  module: string;
  text: string;
}

function sourceFiles(dir = MODULES): SourceFile[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    if (!entry.name.endsWith('.ts')) return [];
    const name = path.relative(MODULES, full).split(path.sep).join('/');
    return [{ name, module: name.split('/')[0]!, text: readFileSync(full, 'utf8') }];
  });
}

// `import … from '…'`, `export … from '…'`, `import '…'` and `import('…')`; type-only imports too.
const SPECIFIER = /\bfrom\s*['"]([^'"]+)['"]|\bimport\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

/** The files under src/modules a file imports, relative to src/modules. */
function moduleImports(file: Pick<SourceFile, 'name' | 'text'>): string[] {
  const targets: string[] = [];
  for (const m of file.text.matchAll(SPECIFIER)) {
    const spec = m[1] ?? m[2] ?? m[3]!;
    if (!spec.startsWith('.')) continue;
    const target = path.posix.normalize(path.posix.join(path.posix.dirname(file.name), spec));
    if (!target.startsWith('../')) targets.push(target);
  }
  return targets;
}

// Table files are the schema: src/db/database.ts gathers them all into `Database`, which every
// repository already sees through `Db`, and they hold only column types and value lists. Importing
// one adds no dependency that `Db` has not made, so the graph leaves them out (and the test below
// keeps them free of anything else). Who may write a table is checked apart, further down.
const isTableFile = (name: string) => /\.table\.(js|ts)$/.test(name);

/** module → module it imports → the imports that make the edge (`file → target`). */
function moduleGraph(files: readonly SourceFile[]): Map<string, Map<string, string[]>> {
  const graph = new Map<string, Map<string, string[]>>();
  for (const file of files) {
    const edges = graph.get(file.module) ?? new Map<string, string[]>();
    graph.set(file.module, edges);
    for (const target of moduleImports(file)) {
      const to = target.split('/')[0]!;
      if (to === file.module || isTableFile(target)) continue;
      edges.set(to, [...(edges.get(to) ?? []), `${file.name} → ${target}`]);
    }
  }
  return graph;
}

/** One cycle per group of modules that reach each other, written `a → b → a (the imports)`. */
function findCycles(graph: ReadonlyMap<string, ReadonlyMap<string, readonly string[]>>): string[] {
  const reach = (from: string): Set<string> => {
    const seen = new Set<string>();
    const todo = [from];
    while (todo.length > 0) {
      for (const next of graph.get(todo.pop()!)?.keys() ?? []) {
        if (seen.has(next)) continue;
        seen.add(next);
        todo.push(next);
      }
    }
    return seen;
  };
  const reported = new Set<string>();
  const cycles: string[] = [];
  for (const start of [...graph.keys()].sort()) {
    if (reported.has(start) || !reach(start).has(start)) continue;
    // The shortest way back to `start`, breadth first.
    const cameFrom = new Map<string, string>();
    const queue = [start];
    while (queue.length > 0 && !cameFrom.has(start)) {
      const at = queue.shift()!;
      for (const next of [...(graph.get(at)?.keys() ?? [])].sort()) {
        if (cameFrom.has(next)) continue;
        cameFrom.set(next, at);
        queue.push(next);
      }
    }
    const path = [start];
    for (let at = cameFrom.get(start)!; at !== start; at = cameFrom.get(at)!) path.unshift(at);
    path.unshift(start);
    path.forEach((m) => reported.add(m));
    const because = path.slice(1).map((to, i) => graph.get(path[i]!)!.get(to)![0]);
    cycles.push(`${path.join(' → ')} (${because.join('; ')})`);
  }
  return cycles;
}

/**
 * Table name → the module whose *.table.ts declares it, as src/db/database.ts assembles them; `jobs`
 * for the job leases, which belong to the timers of src/jobs/ and to no module, and `http` for the
 * idempotency keys, which belong to the HTTP layer that answers every idempotent route.
 */
function tableOwners(): Map<string, string> {
  const text = readFileSync(path.join(SRC, 'db/database.ts'), 'utf8');
  const typeModule = new Map<string, string>();
  for (const m of text.matchAll(/import type \{([^}]+)\} from '\.\.\/(?:modules\/([^/]+)|(jobs|http))\/[^']+\.table\.js'/g)) {
    for (const type of m[1]!.split(',')) typeModule.set(type.trim(), m[2] ?? m[3]!);
  }
  const owners = new Map<string, string>();
  const body = /export interface Database \{([^}]+)\}/.exec(text)![1]!;
  for (const m of body.matchAll(/^\s*(\w+):\s*(\w+);/gm)) owners.set(m[1]!, typeModule.get(m[2]!) ?? `(no module: ${m[2]})`);
  return owners;
}

// Kysely's writers, and raw SQL written in capitals as this code base writes it (`DO UPDATE SET` and
// lower-case prose in comments do not match a table name).
const WRITE = /\b(?:insertInto|updateTable|deleteFrom|replaceInto|mergeInto)\(\s*['"]([a-z_][a-z0-9_]*)|\b(?:INSERT(?: OR \w+)? INTO|UPDATE|DELETE FROM)\s+"?([a-z_][a-z0-9_]*)/g;

/** `file writes table (owned by module)` for every write of a table another module owns. */
function foreignWrites(files: readonly SourceFile[], owners: ReadonlyMap<string, string>): string[] {
  const found = new Set<string>();
  for (const file of files) {
    for (const m of file.text.matchAll(WRITE)) {
      const table = m[1] ?? m[2]!;
      const owner = owners.get(table);
      if (owner !== undefined && owner !== file.module) found.add(`${file.name} writes ${table} (owned by ${owner})`);
    }
  }
  return [...found].sort();
}

describe('module dependencies', () => {
  const files = sourceFiles();

  it('finds the modules and their imports', () => {
    // Guards the reading itself: a pattern that matched nothing would let every rule below pass.
    const graph = moduleGraph(files);
    expect([...graph.keys()]).toEqual(expect.arrayContaining(['items', 'consignments', 'scans', 'breakpoints', 'programs', 'recipients']));
    expect(graph.get('consignments')?.get('items')?.length).toBeGreaterThan(0);
    expect(moduleImports({ name: 'a/x.ts', text: "import type { T } from '../b/t.js';\nexport { u } from '../c/u.js';\nconst m = await import('../d/m.js');\nimport './own.js';" })).toEqual(['b/t.js', 'c/u.js', 'd/m.js', 'a/own.js']);
  });

  it('names a cycle when there is one', () => {
    const graph = moduleGraph([
      { name: 'items/item.service.ts', module: 'items', text: "import { getItemConsignments } from '../consignments/consignment.service.js';" },
      { name: 'consignments/consignment.service.ts', module: 'consignments', text: "import type { T } from '../items/item.schemas.js';\nimport type { ItemTable } from '../items/item.table.js';" },
      { name: 'units/unit.service.ts', module: 'units', text: "import type { ItemTable } from '../items/item.table.js';" },
    ]);
    expect(findCycles(graph)).toEqual([
      'consignments → items → consignments (consignments/consignment.service.ts → items/item.schemas.js; items/item.service.ts → consignments/consignment.service.js)',
    ]);
  });

  it('has modules that import each other one way only', () => {
    expect(findCycles(moduleGraph(files))).toEqual([]);
  });

  it('keeps table files to the schema: they import nothing but other table files', () => {
    const offending = files.filter((f) => isTableFile(f.name)).flatMap((f) => moduleImports(f).filter((t) => !isTableFile(t)).map((t) => `${f.name} → ${t}`));
    expect(offending).toEqual([]);
  });

  it('has every table declared by a module', () => {
    const owners = tableOwners();
    expect(owners.get('items')).toBe('items');
    expect(owners.get('invitations')).toBe('invitations');
    expect(owners.get('job_leases')).toBe('jobs');
    expect([...owners].filter(([, owner]) => owner.startsWith('('))).toEqual([]);
  });

  it('lets a module write only its own tables', () => {
    const owners = tableOwners();
    expect(foreignWrites(files, owners)).toEqual([]);
  });

  it('sees writes through Kysely and raw SQL', () => {
    const owners = new Map([['items', 'items'], ['breakpoints', 'breakpoints']]);
    const file = (text: string) => ({ name: 'scans/x.ts', module: 'scans', text });
    expect(foreignWrites([file("trx.updateTable('items').set(x)")], owners)).toEqual(['scans/x.ts writes items (owned by items)']);
    expect(foreignWrites([file('sql`INSERT INTO breakpoints (id) VALUES (1) ON CONFLICT DO UPDATE SET id = 1`')], owners)).toEqual(['scans/x.ts writes breakpoints (owned by breakpoints)']);
    expect(foreignWrites([file("db.prepare('INSERT OR IGNORE INTO items VALUES (?)'); db.deleteFrom(\n  'breakpoints')")], owners)).toHaveLength(2);
    expect(foreignWrites([{ ...file("trx.insertInto('items')"), module: 'items' }, file('// we update items here')], owners)).toEqual([]);
  });
});
