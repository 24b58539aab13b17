import { defaultCatalog, loadCatalog, ProgramDataError, shippedCatalogData, EngineInputError } from '../../shared';

function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

function programData(id: string): Record<string, unknown> {
  const p = shippedCatalogData.programs.find((x) => (x as { id: string }).id === id);
  return clone(p) as Record<string, unknown>;
}

function loadWith(program: Record<string, unknown>): () => unknown {
  return () => loadCatalog({ ...shippedCatalogData, programs: [program] });
}

function issuePaths(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ProgramDataError);
    return (e as ProgramDataError).issues.map((i) => i.path);
  }
  throw new Error('expected the catalog to be rejected');
}

describe('shipped catalog', () => {
  it('has the FY25 programs of the brief with their rules', () => {
    const security = defaultCatalog.get('security-usage-fy25')!;
    expect(security.programYear).toEqual({ start: '2024-10-01', end: '2025-09-30' });
    expect(security.seatMinimum).toBe(150);
    expect(security.payout.style).toBe('milestone');
    expect(security.excludedClouds).toEqual(['GCC High', 'DoD']);
    const modernWork = defaultCatalog.get('modern-work-usage-fy25')!;
    expect(modernWork.seatMinimum).toBe(300);
    expect(modernWork.payout.style).toBe('per-user');
    expect(modernWork.retiredWorkloads.map((r) => r.workload)).toEqual(['teams-phone', 'teams-frontline']);
  });

  it('has the following year of each program, one year on', () => {
    expect(defaultCatalog.get('security-usage-fy26')!.programYear).toEqual({ start: '2025-10-01', end: '2026-09-30' });
    expect(defaultCatalog.get('modern-work-usage-fy26')!.programYear).toEqual({ start: '2025-10-01', end: '2026-09-30' });
  });

  it.each([
    ['security-usage', '2024-10-01', 'security-usage-fy25', true], // first day of FY25
    ['security-usage', '2025-09-30', 'security-usage-fy25', true], // last day of FY25
    ['security-usage', '2025-10-01', 'security-usage-fy26', true], // first day of FY26
    ['modern-work-usage', '2026-03-15', 'modern-work-usage-fy26', true],
    ['security-usage', '2024-09-30', 'security-usage-fy25', false], // before any year: nearest, inactive
    ['security-usage-fy25', '2025-10-01', 'security-usage-fy25', false], // a named year outside its dates
    ['SECURITY-USAGE', '2025-01-01', 'security-usage-fy25', true],
  ])('resolves %s on %s to %s (active %s)', (id, date, expected, active) => {
    const r = defaultCatalog.resolve(id, date);
    expect(r.program.id).toBe(expected);
    expect(r.activeOnDate).toBe(active);
  });

  it('knows the program family that pays for a workload (imports track new workloads under it)', () => {
    expect(defaultCatalog.familyOfWorkload('defender-for-endpoint')).toBe('security-usage');
    expect(defaultCatalog.familyOfWorkload('teams')).toBe('modern-work-usage');
    // Listed workloads no usage program pays for: the import asks for a Program column.
    expect(defaultCatalog.familyOfWorkload('power-apps')).toBeUndefined();
    expect(defaultCatalog.familyOfWorkload('no-such-workload')).toBeUndefined();
  });

  it('rejects an unknown program id naming programId and the known ids', () => {
    try {
      defaultCatalog.resolve('security-usage-fy99', '2025-01-01');
      throw new Error('not rejected');
    } catch (e) {
      expect(e).toBeInstanceOf(EngineInputError);
      const issue = (e as EngineInputError).issues[0]!;
      expect(issue.path).toBe('programId');
      expect(issue.message).toContain('security-usage-fy25');
    }
  });
});

describe('invalid program data is rejected at load, naming the field', () => {
  it('first band must start at the seat minimum', () => {
    const p = programData('security-usage-fy25');
    p.seatMinimum = 200;
    expect(issuePaths(loadWith(p))).toContain('programs[security-usage-fy25].sizeBands[0].minSeats');
  });

  it('bands must go up', () => {
    const p = programData('security-usage-fy25');
    (p.sizeBands as Array<{ minSeats: number }>)[2]!.minSeats = 400;
    expect(issuePaths(loadWith(p))).toContain('programs[security-usage-fy25].sizeBands[2].minSeats');
  });

  it('every band needs one amount per milestone', () => {
    const p = programData('security-usage-fy25');
    const payout = p.payout as { amountsCents: Record<string, number[]> };
    delete payout.amountsCents.XL;
    payout.amountsCents.M = [1];
    const paths = issuePaths(loadWith(p));
    expect(paths).toEqual(expect.arrayContaining(['programs[security-usage-fy25].payout.amountsCents.XL', 'programs[security-usage-fy25].payout.amountsCents.M']));
  });

  it('program year must end after it starts, on real dates', () => {
    const p = programData('security-usage-fy25');
    p.programYear = { start: '2025-09-30', end: '2024-02-30' };
    expect(issuePaths(loadWith(p))).toContain('programs[security-usage-fy25].programYear.end');
  });

  it('amounts are integer cents, never floats', () => {
    const p = programData('security-usage-fy25');
    (p.payout as { amountsCents: Record<string, number[]> }).amountsCents.XS = [1000.5, 2000];
    expect(issuePaths(loadWith(p))).toContain('programs[security-usage-fy25].payout.amountsCents.XS[0]');
  });

  it('workloads must exist in the workload list', () => {
    const p = programData('security-usage-fy25');
    (p.workloads as string[]).push('defender-for-toasters');
    expect(issuePaths(loadWith(p))).toContain('programs[security-usage-fy25].workloads[7]');
  });

  it('milestones must go up', () => {
    const p = programData('security-usage-fy25');
    (p.payout as { milestones: Array<{ usagePct: number }> }).milestones[1]!.usagePct = 10;
    expect(issuePaths(loadWith(p))).toContain('programs[security-usage-fy25].payout.milestones[1].usagePct');
  });

  it('years of one family may not overlap', () => {
    const a = programData('security-usage-fy25');
    const b = programData('security-usage-fy26');
    b.programYear = { start: '2025-09-01', end: '2026-09-30' };
    const paths = issuePaths(() => loadCatalog({ ...shippedCatalogData, programs: [a, b] }));
    expect(paths.some((p) => p.endsWith('.programYear'))).toBe(true);
  });

  it('unknown fields are rejected (a typo is not silently ignored)', () => {
    const p = programData('security-usage-fy25');
    p.seatMinimun = 150;
    expect(issuePaths(loadWith(p))).toContain('programs[security-usage-fy25].seatMinimun');
  });

  it('a valid custom catalog changes the answers (numbers live in data)', () => {
    const p = programData('security-usage-fy25');
    p.seatMinimum = 200;
    (p.sizeBands as Array<{ minSeats: number }>)[0]!.minSeats = 200;
    const custom = loadCatalog({ ...shippedCatalogData, programs: [p] });
    expect(custom.get('security-usage-fy25')!.seatMinimum).toBe(200);
  });
});
