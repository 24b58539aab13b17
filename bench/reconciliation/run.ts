/**
 * Reconciliation throughput, against a raw read of the same rows in the same run:
 * - the raw read: an earnings report of 100,000 rows (every documented column, as downloaded)
 *   parsed as CSV records and every cell touched, nothing else;
 * - the reconciliation: the same file read by the earnings reader (amounts into cents, service
 *   codes mapped, each earningId once), then 10,000 tracked workloads x 12 months of usage
 *   judged by the one evaluator, their payout lines computed and reconciled with the earnings.
 * Target: reconciled workloads/s at least 0.5 of the raw read's (the same 10,000 workloads'
 * rows read per second), peak memory under 300 MB. Storage is left out on both sides (the
 * import's and the table reads' throughput are bench:storage's business).
 *
 *   npm run bench:reconciliation       (BENCH_TENANTS=250 for a quick run)
 */
import { defaultCatalog, type Earning, type UsageMonth } from '../../shared';
import { csvRecords } from '../../functions/storage/csvRows';
import type { TrackedRecord } from '../../functions/storage/evaluateTracked';
import { ColumnIndex } from '../../functions/storage/reports/columns';
import { earningsReaderFor } from '../../functions/storage/reports/earningsReports';
import { reconcileTracked } from '../../functions/storage/trackedEarnings';
import { peakSampler } from '../support/peakMemory';

const TENANTS = Number(process.env.BENCH_TENANTS ?? 2500);
/** Two per-user (Modern Work FY25) and two milestone (Security FY25) workloads per tenant. */
const WORKLOADS = [
  { id: 'teams', code: 'teams', programId: 'modern-work-usage-fy25', perUser: true },
  { id: 'exchange-online', code: 'exo', programId: 'modern-work-usage-fy25', perUser: true },
  { id: 'defender-for-endpoint', code: 'mdatp', programId: 'security-usage-fy25', perUser: false },
  { id: 'intune', code: 'intune', programId: 'security-usage-fy25', perUser: false },
] as const;
const MONTHS = ['2024-10', '2024-11', '2024-12', '2025-01', '2025-02', '2025-03', '2025-04', '2025-05', '2025-06', '2025-07', '2025-08', '2025-09'];
const AS_OF = '2025-10-20';
const ROUNDS = 3;

const HEADERS =
  `agreementEndDate,agreementNumber,agreementStartDate,baseline,baselineType,bucketSize,calculationDate,claimId,compensableUnits,customerCountry,customerEmail,customerName,customerTenantId,desktopCount,distributorId,distributorName,earningAmount,earningAmountInLastPaymentCurrency,earningAmountUSD,earningDate,earningExchangeRate,earningId,earningParticipantId,earningParticipantName,earningParticipantIdType,earningRate,earningType,engagementId,engagementName,estimatedPaymentMonth,exchangeRateDate,externalReferenceId,externalReferenceIdLabel,fundCategory,instantRebateAmount,invoiceDate,invoiceNumber,isPrivateOffer,lastPaymentCurrency,lever,LicensingProgramName,LineItemId,localProviderSeller,Maturity month,milestone,OrderId,parentProductId,parentProductName,participantId,participantIdType,participantName,partnerAssociation,partnerCountryCode,partnerRole,partNumber,paymentId,paymentStatus,paymentStatusDescription,productId,productName,productType,Program Code,programName,purchaseOrderCoverageEndDate,purchaseOrderCoverageStartDate,purchaseOrderType,purchaseTypeCode,purchaseTypeName,quantity,quantityAlt,quantityAltType,quantityType,reasonCode,resellerCountry,resellerId,resellerName,resourceId,SkuId,solutionArea,storeFee,subscriptionEndDate,subscriptionId,subscriptionStartDate,taxCity,taxCountry,taxRemitModel,taxRemitted,taxState,taxZipCode,tpan,transactionAmount,transactionAmountUSD,transactionCountryCode,transactionCurrency,transactionDate,transactionExchangeRate,transactionId,transactionPaymentMethod,transactionType,userCount,workload`.split(
    ',',
  );

function tenantId(t: number): string {
  return `0000${t.toString(16).padStart(4, '0')}-1111-4222-8333-${String(t).padStart(12, '0')}`;
}

/** MAU of a month: 100 at the claim, growing by 20-60 users a month on 1,000 seats. */
function mauOf(t: number, w: number, m: number): number {
  return 100 + m * (20 + ((t + w) % 5) * 10);
}

function record(t: number, w: number): TrackedRecord & { market: string } {
  const wl = WORKLOADS[w]!;
  return {
    tenantId: tenantId(t),
    workload: wl.id,
    customerName: `Customer ${t}`,
    programId: wl.programId,
    licenseProgram: 'CSP',
    cloud: t % 10 === 0 ? 'GCC' : 'Commercial',
    segment: t % 7 === 0 ? 'Education' : 'Commercial',
    associationType: 'CPOR OSU',
    paidAvailableUnits: 1000,
    monthlyActiveUsers: mauOf(t, w, MONTHS.length - 1),
    usageMonth: MONTHS[MONTHS.length - 1],
    claimStatus: 'approved',
    claimDate: '2024-10-10',
    claimApprovedDate: '2024-10-20',
    highWaterMark: 100,
    paidAvailableUnitsAtClaim: 1000,
    market: 'A',
  } as TrackedRecord & { market: string };
}

function history(t: number, w: number): UsageMonth[] {
  return MONTHS.map((month, m) => ({ month, paidAvailableUnits: 1000, monthlyActiveUsers: mauOf(t, w, m) }));
}

/**
 * The earnings report: 10 rows per workload. Per-user: five months paid, each earning on two
 * transaction rows; milestones: milestone 1 paid, its earning on ten rows.
 */
function earningsFile(): string {
  const index = new Map(HEADERS.map((h, i) => [h, i]));
  const lines: string[] = [HEADERS.join(',')];
  const row = (cells: Record<string, string>) => {
    const out = new Array<string>(HEADERS.length).fill('');
    for (const [k, v] of Object.entries(cells)) out[index.get(k)!] = v;
    lines.push(out.join(','));
  };
  for (let t = 0; t < TENANTS; t++) {
    WORKLOADS.forEach((wl, w) => {
      const common = {
        customerTenantId: tenantId(t),
        customerName: `Customer ${t}`,
        workload: wl.code,
        paymentStatus: 'Sent',
        lastPaymentCurrency: 'EUR',
        baselineType: 'HWM',
        programName: wl.programId,
        claimId: `CLM-${t}-${w}`,
      };
      for (let r = 0; r < 10; r++) {
        const paidMonth = wl.perUser ? MONTHS[1 + Math.floor(r / 2)]! : MONTHS[3]!;
        const id = wl.perUser ? `E-${t}-${w}-${Math.floor(r / 2)}` : `E-${t}-${w}-m1`;
        const amount = wl.perUser ? `${(mauOf(t, w, 1 + Math.floor(r / 2)) - mauOf(t, w, Math.floor(r / 2))) * 10}.00` : '4000.00';
        row({
          ...common,
          earningId: id,
          transactionId: `${id}-${r}`,
          earningDate: `${paidMonth}-28`,
          earningAmountUSD: amount,
          earningAmountInLastPaymentCurrency: amount,
          earningRate: wl.perUser ? '10.00' : '',
          milestone: wl.perUser ? '' : '1',
        });
      }
    });
  }
  return lines.join('\n') + '\n';
}

async function* slices(text: string): AsyncGenerator<string> {
  for (let at = 0; at < text.length; at += 1 << 20) yield text.slice(at, at + (1 << 20));
}

const noPause = () => Promise.resolve();
const noHooks = { bytesRead: () => {}, skipped: () => {} };

/** The raw read: every record parsed and every cell touched. */
async function rawRead(file: string): Promise<number> {
  const csv = await csvRecords(slices(file), noPause, noHooks);
  let cells = 0;
  for await (const r of csv.records) for (const c of r.record) cells += c.length > 0 ? 1 : 0;
  await csv.fed;
  return cells;
}

/** The reconciliation: the file read into earnings, then every tracked workload reconciled. */
async function reconcileAll(file: string): Promise<{ workloads: number; lines: number; missing: number }> {
  const csv = await csvRecords(slices(file), noPause, noHooks);
  const earnings = new Map<string, Earning[]>();
  let reader: ReturnType<typeof earningsReaderFor> = null;
  for await (const r of csv.records) {
    if (reader === null) {
      reader = earningsReaderFor(new ColumnIndex(r.record), () => {});
      if (reader === null) throw new Error('not an earnings report');
      continue;
    }
    const read = reader.read(r.record, r.info.lines);
    if ('refused' in read) throw new Error(`line ${r.info.lines}: ${read.refused}`);
    if ('skipped' in read || read.kind !== 'earning') continue;
    // As the import's earnings writer keeps them: one earning per earningId (the first row of it).
    const key = `${read.earning.tenantId}|${read.earning.workload}`;
    const list = earnings.get(key);
    if (!list) earnings.set(key, [read.earning]);
    else if (!list.some((e) => e.earningKey === read.earning.earningKey)) list.push(read.earning);
  }
  await csv.fed;
  let lines = 0;
  let missing = 0;
  let workloads = 0;
  for (let t = 0; t < TENANTS; t++) {
    for (let w = 0; w < WORKLOADS.length; w++) {
      const rec = record(t, w);
      const out = reconcileTracked(rec, history(t, w), AS_OF, earnings.get(`${rec.tenantId}|${rec.workload}`) ?? [], [], defaultCatalog);
      workloads++;
      lines += out.length;
      for (const l of out) if (l.status === 'missing') missing++;
    }
  }
  return { workloads, lines, missing };
}

async function main(): Promise<void> {
  const file = earningsFile();
  const rows = TENANTS * WORKLOADS.length * 10;
  const workloads = TENANTS * WORKLOADS.length;
  console.log(`earnings report: ${rows.toLocaleString('en-US')} rows, ${(file.length / 1e6).toFixed(1)} MB; ${workloads.toLocaleString('en-US')} tracked workloads x ${MONTHS.length} months`);
  const peak = peakSampler();
  let bestRaw = Infinity;
  let bestRec = Infinity;
  let result = { workloads: 0, lines: 0, missing: 0 };
  for (let round = 1; round <= ROUNDS; round++) {
    let start = performance.now();
    await rawRead(file);
    const raw = performance.now() - start;
    start = performance.now();
    result = await reconcileAll(file);
    const rec = performance.now() - start;
    bestRaw = Math.min(bestRaw, raw);
    bestRec = Math.min(bestRec, rec);
    console.log(`round ${round}: raw read ${raw.toFixed(0)} ms, reconciliation ${rec.toFixed(0)} ms`);
  }
  const peakMb = peak.stop() / 1e6;
  const recPerSec = (workloads * 1000) / bestRec;
  const rawPerSec = (workloads * 1000) / bestRaw;
  const ratio = recPerSec / rawPerSec;
  console.log(`reconciled: ${result.workloads.toLocaleString('en-US')} workloads, ${result.lines.toLocaleString('en-US')} lines (${result.missing.toLocaleString('en-US')} missing)`);
  console.log(
    `reconciliation: ${Math.round(recPerSec).toLocaleString('en-US')} workloads/s; raw read of the same rows: ${Math.round(rawPerSec).toLocaleString('en-US')} workloads/s (${Math.round((rows * 1000) / bestRaw).toLocaleString('en-US')} rows/s)`,
  );
  console.log(`ratio ${ratio.toFixed(2)} (target >= 0.5): ${ratio >= 0.5 ? 'met' : 'NOT met'}; peak memory ${peakMb.toFixed(0)} MB (target < 300): ${peakMb < 300 ? 'met' : 'NOT met'}`);
  if (result.workloads !== workloads) throw new Error('not every workload was reconciled');
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
