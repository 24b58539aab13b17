import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { call, useTestHost, TEST_KEY } from '../support/localHost';

const testHost = useTestHost();

describe('the OpenAPI document', () => {
  it('is served without a key', async () => {
    const r = await call(testHost(), 'GET', '/api/v1/openapi.json', { key: null });
    expect(r.status).toBe(200);
    expect(r.json.openapi).toBe('3.1.0');
  });

  it('validates, and lets a generated client make working calls', async () => {
    const out = mkdtempSync(join(tmpdir(), 'client-'));
    // Asynchronously: the host answering the client runs in this process.
    const { stdout } = await promisify(execFile)(process.execPath, [join(__dirname, '..', 'support', 'generatedClient.mjs'), testHost().url, TEST_KEY, out], { encoding: 'utf8', timeout: 25_000 });
    const result = JSON.parse(stdout);
    expect(result).toEqual({
      validOpenApi: '3.1.0',
      typesBytes: expect.any(Number),
      typesHaveEligibility: true,
      eligibility: { status: 200, eligible: true, action: 'claim-now' },
      band: { status: 200, band: 'M' },
      program: { status: 200, id: 'modern-work-usage-fy25' },
      bad: { status: 400, paths: ['workload', 'paidAvailableUnits', 'monthlyActiveUsers'] },
    });
    expect(readFileSync(join(out, 'api.d.ts'), 'utf8')).toContain('paidAvailableUnits');
  }, 30_000);
});
