import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');

function run(args: string[]): { code: number; out: string } {
  try {
    return { code: 0, out: execFileSync(TSX, ['scripts/evaluate.ts', ...args], { cwd: ROOT, encoding: 'utf8' }) };
  } catch (e) {
    const err = e as { status: number; stdout: string };
    return { code: err.status, out: err.stdout };
  }
}

describe('npm start / npm run evaluate', () => {
  it('evaluates the example workloads with their reasons', () => {
    const { code, out } = run([]);
    expect(code).toBe(0);
    expect(out).toContain('Contoso (pilot, 10 seats): Defender for Endpoint, Security usage FY25');
    expect(out).toContain('advice wait-for-seats');
    expect(out).toContain('EXCLUDED_CLOUD [IVDCLD]');
    expect(out).toContain('5 of 5 workloads evaluated.');
  }, 30_000);

  it('reports bad rows by index and field, and exits non-zero', () => {
    const dir = mkdtempSync(join(tmpdir(), 'evaluate-'));
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify([{ programId: 'security-usage', asOfDate: '2025-02-30', workload: 'MDE', paidAvailableUnits: -3, monthlyActiveUsers: 1 }]));
    const { code, out } = run([file, '--json']);
    expect(code).toBe(1);
    const parsed = JSON.parse(out) as Array<{ errors: Array<{ path: string }> }>;
    expect(parsed[0]!.errors.map((e) => e.path)).toEqual(['asOfDate', 'paidAvailableUnits']);
  }, 30_000);
});
