/**
 * Formula help: every function's metadata (made from the JSDoc, as the build makes it) has a
 * helpUrl to its own section of help.html, and that section gives the arguments, an example
 * and what the errors mean; parameter descriptions use the analysts' words with the meaning.
 */
import { join } from 'node:path';
import { generateCustomFunctionsMetadata } from 'custom-functions-metadata/lib/generate';
import { helpPage, HELP } from '../../addin/src/help';

type Fn = Parameters<typeof helpPage>[0][number];
let functions: Fn[];

beforeAll(async () => {
  const root = join(__dirname, '../..');
  const metadata = await generateCustomFunctionsMetadata([join(root, 'addin/src/formulas.ts'), join(root, 'addin/src/apiFormulas.ts')]);
  expect(metadata.errors).toEqual([]);
  functions = (JSON.parse(metadata.metadataJson) as { functions: Fn[] }).functions;
}, 30_000);

describe('formula help', () => {
  it('every function points at its own section, which has its arguments, an example and its errors', () => {
    const page = helpPage(functions);
    expect(functions.length).toBe(Object.keys(HELP).length);
    for (const f of functions) {
      expect(f.helpUrl).toBe(`https://localhost:3000/help.html#${f.id}`);
      const section = new RegExp(`<section id="${f.id}">([\\s\\S]*?)</section>`).exec(page)?.[1];
      expect(section).toBeDefined();
      for (const p of f.parameters) expect(section).toContain(`<code>${p.name}</code>`);
      expect(section).toMatch(/<h3>Example<\/h3><p><code class="example">=PI\./);
      // A function without arguments (PI.CATALOG) has no error of its own to explain.
      expect(section).toMatch(f.parameters.length > 0 ? /<h3>Errors<\/h3><ul class="errors"><li>#/ : /<h3>Errors<\/h3><ul class="errors"><li>/);
    }
  });

  it('says PAU, MAU and HWM with their meaning in the parameter descriptions', () => {
    const eligible = functions.find((f) => f.id === 'CPOR_ELIGIBLE')!;
    const describe = (name: string) => eligible.parameters.find((p) => p.name === name)!.description;
    expect(describe('paidAvailableUnits')).toMatch(/^PAU: paid available units, the workload's paid licences/);
    expect(describe('monthlyActiveUsers')).toMatch(/^MAU: monthly active users/);
    expect(describe('highWaterMark')).toMatch(/^HWM: the high-water mark/);
  });

  it('refuses to build help for a function that has none', () => {
    expect(() => helpPage([...functions, { id: 'NEW_ONE', parameters: [] }])).toThrow('no help section or helpUrl for NEW_ONE');
  });
});
