import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const SHARED = join(__dirname, '..', '..', 'shared');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

const NODE_MODULES = ['fs', 'path', 'os', 'child_process', 'http', 'https', 'net', 'process', 'crypto', 'stream', 'url', 'util', 'worker_threads', 'buffer'];

describe('the engine is pure and runs inside Excel too', () => {
  const files = sourceFiles(SHARED);

  it('finds the engine sources', () => {
    expect(files.length).toBeGreaterThan(10);
  });

  it.each(files.map((f) => [relative(SHARED, f), f]))('%s imports nothing from Node, functions/ or addin/', (_name, file) => {
    const text = readFileSync(file, 'utf8');
    const imports = [...text.matchAll(/(?:from\s+|require\(\s*|import\(\s*)['"]([^'"]+)['"]/g)].map((m) => m[1]!);
    for (const spec of imports) {
      const bare = spec.replace(/^node:/, '').split('/')[0]!;
      expect({ file, spec, node: spec.startsWith('node:') || NODE_MODULES.includes(bare) }).toEqual({ file, spec, node: false });
      expect({ file, spec, caller: /(^|\/)(functions|addin)\//.test(spec) }).toEqual({ file, spec, caller: false });
    }
    // Rules take the as-of date as input; they never read the clock or the environment.
    expect(text).not.toMatch(/Date\.now\(|new Date\(\)|process\.env|globalThis\.process/);
  });
});
