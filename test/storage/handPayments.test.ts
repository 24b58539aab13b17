/**
 * Payments entered by hand over HTTP, against a real Azurite: recorded, listed, never doubled,
 * refused with the field named; counted by the tracked payout, reconciliation (lines, summary,
 * lookup, CSV) and the nightly with the imported earnings; superseded by an imported earning of
 * the same month and claim, which the line says. Figures worked out by hand in the comments.
 */
import { tenant, useAzurite } from '../support/azurite';
import { call, useTestHost } from '../support/localHost';
import { runNight, useQueueTrigger } from '../support/nightly';

jest.setTimeout(60_000);

const azurite = useAzurite({ services: ['table', 'queue'] });
const host = useTestHost();
useQueueTrigger(() => azurite().connectionString);

const contoso = tenant(2201);
const teams = `/api/v1/workloads/${contoso}/teams`;
const payments = `${teams}/payments`;

/**
 * Teams (Modern Work FY25, per-user, market A: $10.00 a user), claimed 2025-01-10 on HWM 100 and
 * 1,000 seats, approved 2025-01-20. MAU Jan 100, Feb 150, Mar 200, Apr 260, May 300: predicted
 * Feb 50 x $10 = $500, Mar $500, Apr 60 = $600, May 40 = $400.
 */
beforeAll(async () => {
  const put = await call(host(), 'PUT', teams, {
    body: {
      customerName: 'Contoso',
      programId: 'modern-work-usage-fy25',
      market: 'A',
      paidAvailableUnits: 1000,
      monthlyActiveUsers: 300,
      claimStatus: 'approved',
      claimDate: '2025-01-10',
      claimApprovedDate: '2025-01-20',
      highWaterMark: 100,
      paidAvailableUnitsAtClaim: 1000,
    },
  });
  expect(put.status).toBe(201);
  const items = [100, 150, 200, 260, 300].map((mau, i) => ({ month: `2025-0${i + 1}`, paidAvailableUnits: 1000, monthlyActiveUsers: mau }));
  expect((await call(host(), 'POST', `${teams}/usage`, { body: { items } })).status).toBe(200);
});

const importEarnings = (rows: string[]) =>
  call(host(), 'POST', '/api/v1/import', {
    rawBody: ['earningId,customerTenantId,workload,earningDate,earningAmountUSD,paymentStatus,claimId', ...rows].join('\n') + '\n',
    headers: { 'content-type': 'text/csv' },
  });

describe('recording payments by hand', () => {
  it('records one (201, with where it is), and the same payment posted again is not doubled (200)', async () => {
    const body = { month: '2025-02', amount: '500.00', claimId: 'CLM-1', note: 'remittance email of 2025-03-20', enteredBy: 'Dana' };
    const first = await call(host(), 'POST', payments, { body });
    expect(first.status).toBe(201);
    expect(first.json.created).toBe(true);
    expect(first.json.payment).toMatchObject({ month: '2025-02', amountCents: 50000, claimId: 'CLM-1', enteredBy: 'Dana', note: 'remittance email of 2025-03-20', counted: true, supersededBy: [] });
    expect(first.headers.get('location')).toBe(`${payments}/${first.json.payment.id}`);
    expect(first.json.payment.message).toMatch(/^\$500\.00 for 2025-02 on claim CLM-1, entered by hand on \d{4}-\d\d-\d\d by Dana: counted as paid \(no export has it\)\.$/);
    // The same figures in cents, without an id: the same payment.
    const again = await call(host(), 'POST', payments, { body: { month: '2025-02', amountCents: 50000, claimId: 'CLM-1' } });
    expect([again.status, again.json.created, again.json.payment.id, again.json.payment.note]).toEqual([200, false, first.json.payment.id, 'remittance email of 2025-03-20']);
    // The client's own id: posted twice, stored once; the id with other figures is a conflict.
    const mine = { id: 'REMIT-0525', month: '2025-05', amount: '400', enteredBy: 'Dana' };
    expect((await call(host(), 'POST', payments, { body: mine })).status).toBe(201);
    expect((await call(host(), 'POST', payments, { body: mine })).status).toBe(200);
    const clash = await call(host(), 'POST', payments, { body: { ...mine, amount: '300.00' } });
    expect(clash.status).toBe(409);
    expect(clash.json.detail).toContain('Payment "REMIT-0525" is already recorded with other figures ($400.00 for 2025-05)');
    const list = await call(host(), 'GET', payments);
    expect(list.status).toBe(200);
    expect(list.json.countedCents).toBe(90000); // $500 + $400
    expect((list.json.items as any[]).map((p) => [p.month, p.amountCents, p.counted])).toEqual([
      ['2025-02', 50000, true],
      ['2025-05', 40000, true],
    ]);
  });

  it('refuses bad input with a 400 naming the field, and an untracked workload with a 404', async () => {
    const fieldOf = async (body: unknown) => {
      const r = await call(host(), 'POST', payments, { body });
      expect(r.status).toBe(400);
      return (r.json.errors as any[]).map((e) => e.path);
    };
    expect(await fieldOf({ month: '2025-03', amount: '10.005' })).toEqual(['amount']);
    expect(await fieldOf({ month: '2099-01', amount: '10.00' })).toEqual(['month']);
    expect(await fieldOf({ month: '2025-13', amount: '10.00' })).toEqual(['month']);
    expect(await fieldOf({ month: '2025-03', amount: '10.00', milestone: 1 })).toEqual(['milestone']); // a per-user program
    expect(await fieldOf({ month: '2025-03', amount: 10 })).toEqual(['amount']);
    const untracked = await call(host(), 'POST', `/api/v1/workloads/${tenant(2299)}/teams/payments`, { body: { month: '2025-03', amount: '10.00' } });
    expect(untracked.status).toBe(404);
    expect((await call(host(), 'GET', `/api/v1/workloads/${tenant(2299)}/teams/payments`)).status).toBe(404);
  });
});

describe('counted everywhere with the imported earnings', () => {
  it('the payout, the reconciliation lines, the summary, the lookup (PI.PAID) and the CSV count them', async () => {
    // Imported: only March, $450.00. By hand: Feb $500, May $400. Paid: $1,350.
    const imported = await importEarnings([`E-MAR,${contoso},teams,2025-03-28,450.00,Sent,CLM-1`]);
    expect(imported.json).toMatchObject({ fileKind: 'earnings', earningsWritten: 1 });
    const payout = await call(host(), 'GET', `${teams}/payout?asOfDate=2025-06-20`);
    expect(payout.json.paid).toEqual({ totalCents: 135000, earnings: 3, enteredByHandCents: 90000 });
    expect((payout.json.payout.lines as any[]).map((l) => [l.month, l.paidInEarningsCents])).toEqual([
      ['2025-02', 50000],
      ['2025-03', 45000],
      ['2025-04', 0],
      ['2025-05', 40000],
      ['2025-06', 0],
    ]);
    const lines = await call(host(), 'GET', `/api/v1/reconciliation?asOfDate=2025-06-20&tenantId=${contoso}`);
    expect((lines.json.items as any[]).map((l) => [l.month, l.predictedCents, l.paidCents, l.paidByHandCents, l.status])).toEqual([
      ['2025-01', 0, 0, 0, 'matched'],
      ['2025-02', 50000, 50000, 50000, 'matched'],
      ['2025-03', 50000, 45000, 0, 'underpaid'],
      ['2025-04', 60000, 0, 0, 'missing'],
      ['2025-05', 40000, 40000, 40000, 'matched'],
      ['2025-06', 0, 0, 0, 'matched'],
    ]);
    expect(lines.json.items[1].message).toMatch(
      /^Teams of Contoso for 2025-02: predicted \$500\.00, paid \$500\.00, within \$1\.00 or 1%; \$500\.00 entered by hand on .* by Dana \(no export has it\)\.$/,
    );
    const summary = await call(host(), 'GET', `/api/v1/reconciliation/summary?asOfDate=2025-06-20&tenantId=${contoso}`);
    expect(summary.json).toMatchObject({ predictedCents: 200000, paidCents: 135000, missingCents: 65000 }); // $50 short in March + $600 April
    const lookup = await call(host(), 'POST', '/api/v1/reconciliation/lookup', { body: { asOfDate: '2025-06-20', items: [{ tenantId: contoso, workload: 'teams' }] } });
    expect(lookup.json.items[0].paidCents).toBe(135000);
    const file = await call(host(), 'GET', `/api/v1/reconciliation?asOfDate=2025-06-20&tenantId=${contoso}&month=2025-05`, { headers: { accept: 'text/csv' } });
    expect(file.text.split('\r\n')[0]).toMatch(/,Dispute by,Entered by hand \(USD\),At stake \(USD\)$/);
    // $400.00 entered by hand; nothing "at stake" on a month's line (only a claim to dispute or answer has it).
    expect(file.text.split('\r\n')[1]).toMatch(/,400,$/);
  });

  it('an import of the same month and claim later supersedes the one by hand, and both the line and the list say so', async () => {
    const hand = await call(host(), 'POST', payments, { body: { month: '2025-04', amount: '600.00', claimId: 'CLM-1', enteredBy: 'Ana' } });
    expect(hand.status).toBe(201);
    let apr = (await call(host(), 'GET', `/api/v1/reconciliation?asOfDate=2025-06-20&tenantId=${contoso}&month=2025-04`)).json.items[0];
    expect([apr.status, apr.paidCents, apr.paidByHandCents]).toEqual(['matched', 60000, 60000]);
    // Partner Center's export now has April: $590.00 on the same claim. Counted once, as imported ($590, not $1,190).
    await importEarnings([`E-APR,${contoso},teams,2025-04-28,590.00,Sent,CLM-1`]);
    apr = (await call(host(), 'GET', `/api/v1/reconciliation?asOfDate=2025-06-20&tenantId=${contoso}&month=2025-04`)).json.items[0];
    expect([apr.status, apr.paidCents, apr.paidByHandCents]).toEqual(['underpaid', 59000, 0]); // $10 short of $600: more than $6 (1%), underpaid
    expect(apr.message).toMatch(/; the \$600\.00 entered by hand on .* by Ana is superseded by the imported earning E-APR of \$590\.00 \(counted once, as imported\)\. Dispute by 2025-08-14\.$/);
    const list = await call(host(), 'GET', payments);
    const superseded = (list.json.items as any[]).find((p) => p.month === '2025-04');
    expect([superseded.counted, superseded.supersededBy]).toEqual([false, ['E-APR']]);
    expect(superseded.message).toMatch(/: not counted; the \$600\.00 entered by hand .* superseded by the imported earning E-APR of \$590\.00/);
    expect(list.json.countedCents).toBe(90000); // still Feb and May only
    const payout = await call(host(), 'GET', `${teams}/payout?asOfDate=2025-06-20`);
    expect(payout.json.paid.totalCents).toBe(194000); // $500 + $450 + $590 + $400
  });

  it('the nightly counts them: no missing-earnings event for a month paid by hand', async () => {
    // 2025-07-05: Feb and May paid by hand (without them, May's $400 would be missing too); March $50 short (window
    // closes 2025-07-15, in 10 days: a deadline); April $10 short as imported (window to 2025-08-14: still earnings missing).
    const run = await runNight('2025-07-05');
    expect(run).toMatchObject({ status: 'completed', errors: 0 });
    const feed = await call(host(), 'GET', `/api/v1/changes?since=2025-07-05&tenantId=${contoso}`);
    const earnings = (feed.json.items as any[]).filter((c) => ['earnings-missing', 'dispute-deadline', 'overpaid'].includes(c.kind)).map((c) => [c.kind, c.reasons[0].params.months]);
    expect(earnings).toEqual([
      ['dispute-deadline', ['2025-03']],
      ['earnings-missing', ['2025-04']],
    ]);
  });

  it('removes one (204), and a second removal is a 404', async () => {
    const del = await call(host(), 'DELETE', `${payments}/REMIT-0525`);
    expect(del.status).toBe(204);
    expect((await call(host(), 'DELETE', `${payments}/REMIT-0525`)).status).toBe(404);
    const may = (await call(host(), 'GET', `/api/v1/reconciliation?asOfDate=2025-06-20&tenantId=${contoso}&month=2025-05`)).json.items[0];
    expect([may.status, may.paidCents]).toEqual(['missing', 0]);
  });
});
