/**
 * The stored program catalog against a real Azurite, over real HTTP, and the nightly run by the
 * app's own queue trigger: seeded from the shipped programs on first start; an amendment from
 * 1 July leaves the answers for 30 June as they were and changes those for 1 July, in the
 * engine, over HTTP and at night alike; history with who, when and why; what-if totals checked
 * by hand; ETag conflicts; every bad input a 400 (or 409, 412, 428) naming what is wrong, with
 * nothing stored.
 */
import { CatalogCache } from '../../functions/storage/catalogSource';
import { ProgramStore } from '../../functions/storage/programStore';
import { WorkloadStore } from '../../functions/storage/workloadStore';
import { calculatePayout, loadCatalog, type CatalogData, type WorkloadState } from '../../shared';
import { tenant, useAzurite } from '../support/azurite';
import { call, useTestHost } from '../support/localHost';
import { runNight, useQueueTrigger } from '../support/nightly';

jest.setTimeout(60_000);

const azurite = useAzurite({ services: ['table', 'queue'] });
const host = useTestHost();
useQueueTrigger(() => azurite().connectionString);

const FY26 = '/api/v1/programs/security-usage-fy26';
const analyst = { 'x-changed-by': 'Dana (ops)' };

/** Security usage FY26 (2025-10-01 to 2026-09-30): the July guide raises XS and M. */
const julyUpdate = {
  effectiveFrom: '2026-07-01',
  note: 'July 2026 guide update',
  changes: { exampleFigures: false, payout: { amountsCents: { XS: [120000, 180000], M: [500000, 700000] } } },
};

/** A: XS (300 seats), claimed at 9% (27 active), now 20%: milestone 1 earned, milestone 2 still to earn. */
const claimedXs = {
  programId: 'security-usage-fy26',
  customerName: 'Fabrikam',
  paidAvailableUnits: 300,
  monthlyActiveUsers: 60,
  claimStatus: 'approved',
  claimDate: '2026-01-10',
  claimApprovedDate: '2026-01-20',
  highWaterMark: 27,
  paidAvailableUnitsAtClaim: 300,
};
/** B: M (1,000 seats) at 9%, no claim: both milestones of band M earnable. */
const unclaimedM = { programId: 'security-usage-fy26', customerName: 'Contoso', paidAvailableUnits: 1000, monthlyActiveUsers: 90 };

/** A's facts as the payout route takes them, on a date. */
function claimFacts(asOfDate: string) {
  const { customerName: _n, claimStatus: _s, ...facts } = claimedXs;
  return { ...facts, asOfDate, workload: 'defender-for-endpoint' };
}

const codes = (reasons: Array<{ code: string }>) => reasons.map((r) => r.code);

async function nightState(n: number, workload: string): Promise<WorkloadState> {
  const stored = await new WorkloadStore(azurite().connectionString).storedWorkload(tenant(n), workload);
  return JSON.parse(stored!.night.nightState!) as WorkloadState;
}

describe('the stored catalog', () => {
  it('is seeded from the shipped programs on first start, example figures and all', async () => {
    const list = await call(host(), 'GET', '/api/v1/programs?asOfDate=2026-06-30');
    expect(list.status).toBe(200);
    expect(list.json.catalog).toMatchObject({ source: 'stored', version: expect.stringMatching(/^v6-/) });
    expect(list.json.programs.map((p: { id: string }) => p.id).sort()).toEqual([
      'modern-work-usage-fy25',
      'modern-work-usage-fy26',
      'modern-work-usage-fy27',
      'security-usage-fy25',
      'security-usage-fy26',
      'security-usage-fy27',
    ]);
    expect(list.json.catalog.examplePrograms).toHaveLength(6);
    const history = await call(host(), 'GET', `${FY26}/history`);
    expect(history.json.versions).toEqual([expect.objectContaining({ version: 1, action: 'seeded', changedBy: 'seed', amendments: [] })]);
  });

  it('amends FY26 from 1 July: who, when and why recorded, the previous version kept', async () => {
    const amended = await call(host(), 'POST', `${FY26}/amendments`, { body: julyUpdate, headers: analyst });
    expect(amended.status).toBe(201);
    expect(amended.headers.get('etag')).toMatch(/^W\//);
    expect(amended.json).toMatchObject({ version: 2, action: 'amended', changedBy: 'Dana (ops)', note: 'July 2026 guide update' });
    expect(amended.json.amendments).toEqual([expect.objectContaining({ effectiveFrom: '2026-07-01', changedBy: 'Dana (ops)', changedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) })]);
    const history = await call(host(), 'GET', `${FY26}/history`);
    expect(history.json.versions.map((v: { version: number; amendments: unknown[] }) => [v.version, v.amendments.length])).toEqual([
      [2, 1],
      [1, 0],
    ]);
    // The list shows the figures in force on each date, with the amendment listed.
    const june = (await call(host(), 'GET', '/api/v1/programs?asOfDate=2026-06-30')).json.programs.find((p: { id: string }) => p.id === 'security-usage-fy26');
    const july = (await call(host(), 'GET', '/api/v1/programs?asOfDate=2026-07-01')).json.programs.find((p: { id: string }) => p.id === 'security-usage-fy26');
    expect(june).toMatchObject({ exampleFigures: true, version: 2, inForce: { payout: { amountsCents: { XS: [100000, 150000] } } }, amendments: [{ applied: false }] });
    expect(july).toMatchObject({ exampleFigures: false, changedBy: 'Dana (ops)', inForce: { payout: { amountsCents: { XS: [120000, 180000] } } }, amendments: [{ applied: true }] });
    expect((await call(host(), 'GET', `${FY26}?asOfDate=2026-07-01`)).json.payout.amountsCents.M).toEqual([500000, 700000]);
  });

  it('answers for 30 June as before and for 1 July with the amended figures: HTTP and the engine alike', async () => {
    const june = await call(host(), 'POST', '/api/v1/payout', { body: claimFacts('2026-06-30') });
    const july = await call(host(), 'POST', '/api/v1/payout', { body: claimFacts('2026-07-01') });
    expect([june.json.owedCents, june.json.potentialCents]).toEqual([100000, 150000]);
    expect([july.json.owedCents, july.json.potentialCents]).toEqual([120000, 180000]);
    expect(codes(june.json.reasons)).toContain('EXAMPLE_PROGRAM_FIGURES');
    expect(codes(july.json.reasons)).not.toContain('EXAMPLE_PROGRAM_FIGURES');
    // The engine with the catalog the API serves (what the add-in keeps) gives the same numbers.
    const data = (await call(host(), 'GET', '/api/v1/catalog')).json as CatalogData;
    const catalog = loadCatalog(data);
    expect(JSON.parse(JSON.stringify(calculatePayout(claimFacts('2026-06-30'), catalog)))).toEqual(june.json);
    expect(JSON.parse(JSON.stringify(calculatePayout(claimFacts('2026-07-01'), catalog)))).toEqual(july.json);
  });

  it('the nightly evaluates with the stored catalog: 30 June as before, 1 July amended', async () => {
    expect((await call(host(), 'PUT', `/api/v1/workloads/${tenant(1)}/defender-for-endpoint`, { body: claimedXs })).status).toBe(201);
    expect((await call(host(), 'PUT', `/api/v1/workloads/${tenant(2)}/intune`, { body: unclaimedM })).status).toBe(201);
    await runNight('2026-06-30');
    expect(await nightState(1, 'defender-for-endpoint')).toMatchObject({ asOfDate: '2026-06-30', toEarnCents: 150000, earnedCents: 100000 });
    expect((await nightState(2, 'intune')).toEarnCents).toBe(1000000);
    await runNight('2026-07-01');
    expect(await nightState(1, 'defender-for-endpoint')).toMatchObject({ asOfDate: '2026-07-01', toEarnCents: 180000, earnedCents: 120000 });
    expect((await nightState(2, 'intune')).toEarnCents).toBe(1200000);
    // A stored workload's verdict over HTTP on each date, too.
    const verdictOn = async (d: string) => (await call(host(), 'GET', `/api/v1/workloads/${tenant(2)}/intune?asOfDate=${d}`)).json.verdict;
    expect((await verdictOn('2026-06-30')).earnableMilestones.map((m: { amountCents: number }) => m.amountCents)).toEqual([400000, 600000]);
    expect((await verdictOn('2026-07-01')).earnableMilestones.map((m: { amountCents: number }) => m.amountCents)).toEqual([500000, 700000]);
  });

  it('what-if: every tracked workload under the stored figures and a draft, totals as computed by hand, nothing stored', async () => {
    const before = await call(host(), 'GET', `${FY26}/history`);
    const draft = { effectiveFrom: '2026-08-01', note: 'Draft of the August guide', changes: { payout: { amountsCents: { XS: [130000, 190000], M: [550000, 750000] } } } };
    const r = await call(host(), 'POST', `${FY26}/what-if`, { body: { asOfDate: '2026-08-15', amendment: draft } });
    expect(r.status).toBe(200);
    const byTenant = Object.fromEntries(r.json.items.map((i: { tenantId: string }) => [i.tenantId, i]));
    // A (XS): milestone 1 owed ($1,200 stored, $1,300 draft), milestone 2 earnable ($1,800, $1,900).
    expect(byTenant[tenant(1)]).toMatchObject({
      stored: { owedCents: 120000, earnableCents: 180000 },
      draft: { owedCents: 130000, earnableCents: 190000 },
      difference: { owedCents: 10000, earnableCents: 10000 },
    });
    // B (M, no claim): both milestones earnable, $5,000 + $7,000 stored, $5,500 + $7,500 draft.
    expect(byTenant[tenant(2)]).toMatchObject({ stored: { owedCents: 0, earnableCents: 1200000 }, draft: { owedCents: 0, earnableCents: 1300000 } });
    expect(r.json.totals).toEqual({
      stored: { owedCents: 120000, earnableCents: 1380000 },
      draft: { owedCents: 130000, earnableCents: 1490000 },
      difference: { owedCents: 10000, earnableCents: 110000 },
    });
    expect((await call(host(), 'GET', `${FY26}/history`)).json).toEqual(before.json);
  });

  it('a change made elsewhere is seen within the refresh interval (a second instance cache)', async () => {
    let now = 1_000_000;
    const other = new CatalogCache(new ProgramStore(azurite().connectionString), 60_000, () => now);
    const amountOn = async (d: string) => {
      const p = (await other.current()).resolve('security-usage-fy25', d).program;
      return p.payout.style === 'milestone' ? p.payout.amountsCents.XS![0] : null;
    };
    expect(await amountOn('2025-03-01')).toBe(100000);
    const amended = await call(host(), 'POST', '/api/v1/programs/security-usage-fy25/amendments', {
      body: { effectiveFrom: '2025-03-01', note: 'March 2025 correction', changes: { payout: { amountsCents: { XS: [110000, 150000] } } } },
      headers: analyst,
    });
    expect(amended.status).toBe(201);
    now += 59_000;
    expect(await amountOn('2025-03-01')).toBe(100000); // still the cached figures
    now += 1_000;
    expect(await amountOn('2025-03-01')).toBe(110000); // a minute after: the stored ones
  });
});

describe('ETags and bad input: nothing stored', () => {
  it('412 for a stale ETag, 428 without one, on replace and amend', async () => {
    const read = await call(host(), 'GET', FY26);
    const etag = read.headers.get('etag')!;
    expect((await call(host(), 'PUT', FY26, { body: read.json, headers: analyst })).status).toBe(428);
    const replaced = await call(host(), 'PUT', FY26, { body: { ...read.json, defaultPartnerCapCents: 15000000 }, headers: { ...analyst, 'if-match': etag, 'x-change-note': 'Cap from the guide' } });
    expect(replaced.status).toBe(200);
    expect(replaced.json).toMatchObject({ version: 3, action: 'replaced', note: 'Cap from the guide', amendments: [expect.objectContaining({ note: 'July 2026 guide update' })] });
    const stale = await call(host(), 'PUT', FY26, { body: read.json, headers: { ...analyst, 'if-match': etag } });
    expect(stale.status).toBe(412);
    expect((await call(host(), 'POST', `${FY26}/amendments`, { body: { ...julyUpdate, effectiveFrom: '2026-08-01' }, headers: { ...analyst, 'if-match': etag } })).status).toBe(412);
    expect((await call(host(), 'GET', `${FY26}/history`)).json.versions[0].version).toBe(3);
  });

  it('400 naming each bad field of a program, and of an amendment; nothing stored', async () => {
    const read = await call(host(), 'GET', FY26);
    const bands = [...read.json.sizeBands];
    bands[2] = { name: 'M', minSeats: 400 };
    const bad = await call(host(), 'PUT', FY26, {
      body: { ...read.json, sizeBands: bands, payout: { ...read.json.payout, amountsCents: { ...read.json.payout.amountsCents, XS: [-5, 150000] } } },
      headers: { ...analyst, 'if-match': read.headers.get('etag')! },
    });
    expect(bad.status).toBe(400);
    expect(bad.json.errors.map((e: { path: string }) => e.path).sort()).toEqual(['payout.amountsCents.XS[0]', 'sizeBands[2].minSeats']);
    const unknown = await call(host(), 'PUT', FY26, { body: { ...read.json, workloads: ['intune', 'no-such-workload'] }, headers: { ...analyst, 'if-match': read.headers.get('etag')! } });
    expect(unknown.json.errors).toEqual([expect.objectContaining({ path: 'workloads[1]', message: '"no-such-workload" is not in the workload list' })]);
    const outside = await call(host(), 'POST', `${FY26}/amendments`, { body: { ...julyUpdate, effectiveFrom: '2026-10-01' }, headers: analyst });
    expect(outside.status).toBe(400);
    expect(outside.json.errors).toEqual([
      expect.objectContaining({ path: 'effectiveFrom', message: expect.stringContaining('outside the program year of security-usage-fy26 (2025-10-01 to 2026-09-30)') }),
    ]);
    const milestones = await call(host(), 'POST', `${FY26}/amendments`, {
      body: {
        effectiveFrom: '2026-08-01',
        note: 'x',
        changes: {
          payout: {
            milestones: [
              { number: 1, usagePct: 40 },
              { number: 2, usagePct: 15 },
            ],
          },
        },
      },
      headers: analyst,
    });
    expect(milestones.json.errors.map((e: { path: string }) => e.path)).toEqual(['changes.payout.milestones[1].usagePct']);
    const nobody = await call(host(), 'POST', `${FY26}/amendments`, { body: { ...julyUpdate, effectiveFrom: '2026-08-01' } });
    expect(nobody.json.errors).toEqual([expect.objectContaining({ path: 'changedBy' })]);
    const wrongId = await call(host(), 'PUT', FY26, { body: { ...read.json, id: 'security-usage-fy99' }, headers: { ...analyst, 'if-match': read.headers.get('etag')! } });
    expect(wrongId.json.errors).toEqual([expect.objectContaining({ path: 'id' })]);
    // A year that overlaps another of its family is refused too.
    const overlap = await call(host(), 'PUT', '/api/v1/programs/security-usage-fy26b', { body: { ...read.json, id: 'security-usage-fy26b' }, headers: analyst });
    expect(overlap.status).toBe(400);
    expect((await call(host(), 'GET', `${FY26}/history`)).json.versions[0].version).toBe(3);
    expect((await call(host(), 'GET', '/api/v1/programs/security-usage-fy26b')).status).toBe(404);
  });

  it('409 naming how many tracked workloads refer to a program year it would delete', async () => {
    const read = await call(host(), 'GET', FY26);
    const r = await call(host(), 'DELETE', FY26, { headers: { 'if-match': read.headers.get('etag')! } });
    expect(r.status).toBe(409);
    expect(r.json.detail).toBe('2 tracked workloads refer to program security-usage-fy26; move them to another program year or stop tracking them first. Nothing was deleted.');
    expect((await call(host(), 'GET', FY26)).status).toBe(200);
  });
});
