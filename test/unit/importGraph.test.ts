/**
 * Dependencies run one way: the deployable app (functions/) and the engine (shared/) never
 * import development code (dev/, scripts/, bench/, test/) nor the add-in; the engine imports
 * nothing of its callers.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');

function sources(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' || name === 'dist' ? [] : sources(path);
    return /\.(ts|mjs|js)$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Every relative module a file names: static and dynamic imports, re-exports, require(). */
export function relativeImports(text: string): string[] {
  const found: string[] = [];
  const patterns = [/\b(?:import|export)\s[^'"]*?\sfrom\s*['"](\.{1,2}\/[^'"]+)['"]/g, /\bimport\s*['"](\.{1,2}\/[^'"]+)['"]/g, /\b(?:require|import)\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g];
  for (const pattern of patterns) for (const m of text.matchAll(pattern)) found.push(m[1]!);
  return found;
}

function violations(folder: string, forbidden: string[]): string[] {
  return sources(join(ROOT, folder)).flatMap((file) =>
    relativeImports(readFileSync(file, 'utf8'))
      .map((spec) => relative(ROOT, resolve(dirname(file), spec)))
      .filter((target) => forbidden.some((f) => target === f || target.startsWith(`${f}/`)))
      .map((target) => `${relative(ROOT, file)} imports ${target}`),
  );
}

describe('the import graph', () => {
  it('finds the imports it is meant to find', () => {
    const text = `import { a } from '../dev/x';\nimport type { B } from "../../test/y";\nexport * from './z';\nimport './side';\nconst c = require('../scripts/w');\nconst d = await import('../bench/v');`;
    expect(relativeImports(text)).toEqual(['../dev/x', '../../test/y', './z', './side', '../scripts/w', '../bench/v']);
  });

  it('keeps the app and the engine free of development code and of the add-in', () => {
    const forbidden = ['dev', 'scripts', 'bench', 'test', 'addin'];
    expect([...violations('functions', forbidden), ...violations('shared', forbidden)]).toEqual([]);
  });

  it('keeps the engine free of its callers', () => {
    expect(violations('shared', ['functions'])).toEqual([]);
  });
});
