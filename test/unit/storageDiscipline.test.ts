/**
 * Rules of storage code checked by reading the code itself, since a slip would not show in a
 * test against Azurite: @azure/data-tables sends `If-Match: *` unless given an ETag, so every
 * updateEntity and deleteEntity call passes one, and no transaction update goes without it.
 * What ESLint can check on the syntax tree is in eslint.config.mjs (a call without options, a
 * "delete" transaction action, TableTransaction, filters built without `odata`), with its own
 * test (lintRules.test.ts); this file keeps what needs the text of the options.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(__dirname, '..', '..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

const files = [...sources(join(root, 'functions')), ...sources(join(root, 'scripts')), ...sources(join(root, 'bench')), ...sources(join(root, 'dev'))].map((path) => ({
  path: relative(root, path),
  text: readFileSync(path, 'utf8'),
}));

/** The argument text of each call of `method` (balanced parentheses). */
function callsOf(text: string, method: string): string[] {
  const out: string[] = [];
  const pattern = new RegExp(`\\.${method}\\s*(<[^>]*>)?\\s*\\(`, 'g');
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    let depth = 1;
    let i = m.index + m[0].length;
    const start = i;
    while (i < text.length && depth > 0) {
      if (text[i] === '(') depth++;
      else if (text[i] === ')') depth--;
      i++;
    }
    out.push(text.slice(start, i - 1));
  }
  return out;
}

describe('storage code discipline', () => {
  it('finds the storage code it checks', () => {
    expect(files.some((f) => f.path.includes('workloadStore.ts'))).toBe(true);
    expect(files.flatMap((f) => callsOf(f.text, 'deleteEntity')).length).toBeGreaterThan(0);
  });

  it('passes an ETag to every updateEntity and deleteEntity call', () => {
    const offenders: string[] = [];
    for (const f of files) {
      for (const method of ['updateEntity', 'deleteEntity']) {
        for (const args of callsOf(f.text, method)) if (!/\betag\b/.test(args)) offenders.push(`${f.path}: ${method}(${args})`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('sends no transaction update without an ETag', () => {
    const offenders: string[] = [];
    for (const f of files) for (const m of f.text.matchAll(/\[\s*['"]update['"][^\]]*\]/g)) if (!/etag/.test(m[0])) offenders.push(`${f.path}: ${m[0]}`);
    expect(offenders).toEqual([]);
  });
});
