/**
 * Import throughput into Azurite, with the ceiling measured in the same run:
 * - the import: a generated usage report of 100,000 rows (1,000 tenants x 10 workloads x 10
 *   months) streamed through importCsv (CSV parsing, validation, reading what is stored,
 *   engine verdicts for the tracked workloads, transactions);
 * - the ceiling: the same entities the import writes (100,000 usage months and 10,000 tracked
 *   workloads) sent as raw submitTransaction batches of 100 per partition, with the same
 *   number of tenants in flight, into a fresh Azurite.
 * - Partner Center's Enterprise Mobility license usage report of 100,000 rows (wide: 10
 *   subscriptions per tenant and month, added up into 5 workloads), beside the plain import.
 * Target: the import at least 70% of the ceiling's rows/s, peak memory under 300 MB; the
 * Enterprise Mobility report at least 70% of the plain import's rows/s.
 *
 *   npm run bench:storage            (BENCH_TENANTS=100 for a quick run)
 */
import type { TransactionAction } from '@azure/data-tables';
import { startAzurite } from '../../dev/azurite';
import { importCsv } from '../../functions/storage/csvImport';
import { TrackedWorkloadSchema, usageEntity, workloadEntity } from '../../functions/storage/trackedWorkload';
import { inParallel } from '../../functions/storage/transactions';
import { WorkloadStore } from '../../functions/storage/workloadStore';
import { peakSampler } from '../support/peakMemory';
import { TEN_WORKLOADS } from '../support/workloadIds';

const TENANTS = Number(process.env.BENCH_TENANTS ?? 1000);
const WORKLOADS = TEN_WORKLOADS;
const MONTHS = ['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10'];
const CONCURRENCY = 4;
const AS_OF = '2026-11-22';

function tenantId(t: number): string {
  return `0000${t.toString(16).padStart(4, '0')}-1111-4222-8333-${String(t).padStart(12, '0')}`;
}

function figures(t: number, w: number, m: number): { pau: number; mau: number } {
  const pau = 50 + ((t * 37 + w * 101) % 4000) + m * 5;
  return { pau, mau: Math.floor(pau * (0.2 + ((t + w + m) % 7) / 10)) };
}

/** The report, generated line by line (never held whole), with a column the import ignores. */
async function* report(): AsyncGenerator<string> {
  yield 'Customer Tenant ID,Customer Name,Workload,PAU,MAU,Usage Month,Region\n';
  let chunk = '';
  for (let t = 0; t < TENANTS; t++) {
    for (let w = 0; w < WORKLOADS.length; w++) {
      for (let m = 0; m < MONTHS.length; m++) {
        const { pau, mau } = figures(t, w, m);
        chunk += `${tenantId(t)},"Customer ${t}, Inc.",${WORKLOADS[w]},${pau},${mau},${MONTHS[m]},EMEA\n`;
      }
    }
    if (chunk.length > 64 * 1024) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

/** Subscriptions (rows) per tenant and month in the Enterprise Mobility report. */
const EM_SUBSCRIPTIONS = 10;
const EM_HEADER =
  'PGAMpnID,SubscriptionId,SubscriptionStartDate,SubscriptionEndDate,SubscriptionStatus,Month,SKU,SKUId,FreeVsPaidSKU,SalesModel,DetailedSalesModel,CustomerName,CustomerTenantId,CustomerTpid,CustomerSegment,CustomerMarket,IndustryName,VerticalName,EOU,MPNID,PartnerName,PartnerLocation,PartnerAttributionType,PartnerHierarchy,PaidAvailableUnits,MonthlyActiveUsers,AATPActiveUsage,MCASActiveUsage,AADPPaidAvailableUnits,IntunePaidAvailableUnits,AzipPaidAvailableUnits,AADPMonthlyActiveUsers,IntuneMonthlyActiveUsers,AzipMonthlyActiveUsers,MDM,MAM,SSPR\n';

/**
 * Partner Center's Enterprise Mobility license usage report: per tenant and month, ten
 * subscriptions (EMS E5, Intune Plan 1, and a free trial among them), every documented column.
 * Per tenant, workload and month the import adds PAU up over the paid rows: 1,000 tenants x 10
 * months x 10 rows = 100,000 rows, written as 50,000 usage months of 5 workloads.
 */
async function* enterpriseMobilityReport(): AsyncGenerator<string> {
  yield EM_HEADER;
  let chunk = '';
  for (let t = 0; t < TENANTS; t++) {
    for (let m = 0; m < MONTHS.length; m++) {
      const mau = 100 + ((t * 13 + m * 7) % 900);
      for (let s = 0; s < EM_SUBSCRIPTIONS; s++) {
        const pau = 40 + ((t + s * 31 + m) % 400);
        const free = s === EM_SUBSCRIPTIONS - 1;
        const sku = s % 3 === 1 ? 'Microsoft Intune Plan 1' : 'Enterprise Mobility + Security E5';
        const ems = sku.startsWith('Enterprise');
        chunk += `5001,sub-${t}-${s},1/1/2026,12/31/2026,Active,${Number(MONTHS[m]!.slice(5))}/1/2026,${sku},sku-${s},${free ? 'Free' : 'Paid'},CSP,CSP Direct,"Customer ${t}, Inc.",${tenantId(t)},${t},Enterprise,United Kingdom,Retail,Retail,UK,5002,Partner Ltd,London,CPOR,Direct,${pau},${mau},${ems ? mau >> 2 : ''},${ems ? mau >> 3 : ''},${ems ? pau : ''},${pau},${ems ? pau : ''},${ems ? mau : ''},${mau},${ems ? mau >> 4 : ''},1,1,1\n`;
      }
    }
    if (chunk.length > 64 * 1024) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

/** The entities the import ends up writing, grouped by tenant, as raw transaction actions. */
function sameEntities(): TransactionAction[][] {
  const byTenant: TransactionAction[][] = [];
  for (let t = 0; t < TENANTS; t++) {
    const actions: TransactionAction[] = [];
    for (let w = 0; w < WORKLOADS.length; w++) {
      for (let m = 0; m < MONTHS.length; m++) {
        const { pau, mau } = figures(t, w, m);
        actions.push(['upsert', usageEntity(tenantId(t), WORKLOADS[w]!, { month: MONTHS[m]!, paidAvailableUnits: pau, monthlyActiveUsers: mau }), 'Replace']);
      }
    }
    for (let w = 0; w < WORKLOADS.length; w++) {
      const { pau, mau } = figures(t, w, MONTHS.length - 1);
      const fields = TrackedWorkloadSchema.parse({
        customerName: `Customer ${t}, Inc.`,
        programId: 'security-usage',
        paidAvailableUnits: pau,
        monthlyActiveUsers: mau,
        usageMonth: MONTHS[MONTHS.length - 1],
      });
      actions.push(['create', workloadEntity(tenantId(t), WORKLOADS[w]!, fields, { sizeBand: 'M', eligible: true, evaluatedOn: AS_OF })]);
    }
    byTenant.push(actions);
  }
  return byTenant;
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

async function main(): Promise<void> {
  const rows = TENANTS * WORKLOADS.length * MONTHS.length;
  console.log(`import of ${rows.toLocaleString('en-US')} usage rows (${TENANTS} tenants x ${WORKLOADS.length} workloads x ${MONTHS.length} months), ${CONCURRENCY} tenants in flight`);

  // 1. The import, into a fresh Azurite.
  let azurite = await startAzurite();
  let importSeconds: number;
  let importPeak: number;
  let importCpu: number;
  try {
    const store = new WorkloadStore(azurite.connectionString);
    await store.ensureTables();
    const sampler = peakSampler();
    const cpu = process.cpuUsage();
    const started = performance.now();
    const summary = await importCsv(report(), store, { asOfDate: AS_OF, concurrency: CONCURRENCY });
    importSeconds = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    importCpu = (used.user + used.system) / 1e6;
    importPeak = sampler.stop();
    if (summary.rowErrors > 0 || summary.usageWritten !== rows || summary.workloadsCreated !== TENANTS * WORKLOADS.length) {
      throw new Error(`the import did not write what it should: ${JSON.stringify({ ...summary, errors: summary.errors.slice(0, 3) })}`);
    }
  } finally {
    await azurite.stop();
  }

  // 1b. The Enterprise Mobility report (wide, added up per tenant, workload and month), into a fresh Azurite.
  const emRows = TENANTS * MONTHS.length * EM_SUBSCRIPTIONS;
  azurite = await startAzurite();
  let emSeconds: number;
  let emPeak: number;
  let emWritten: number;
  try {
    const store = new WorkloadStore(azurite.connectionString);
    await store.ensureTables();
    const sampler = peakSampler();
    const started = performance.now();
    const summary = await importCsv(enterpriseMobilityReport(), store, { asOfDate: AS_OF, concurrency: CONCURRENCY });
    emSeconds = (performance.now() - started) / 1000;
    emPeak = sampler.stop();
    emWritten = summary.usageWritten;
    if (summary.rowErrors > 0 || summary.fileKind !== 'enterprise-mobility-license-usage' || summary.rowsRead !== emRows || summary.workloadsCreated !== TENANTS * 5) {
      throw new Error(`the Enterprise Mobility import did not write what it should: ${JSON.stringify({ ...summary, errors: summary.errors.slice(0, 3), warnings: summary.warnings.slice(0, 3) })}`);
    }
  } finally {
    await azurite.stop();
  }

  // 2. The ceiling: the same entities as raw batches, into another fresh Azurite.
  azurite = await startAzurite();
  let rawSeconds: number;
  let usageOnlySeconds: number;
  try {
    const store = new WorkloadStore(azurite.connectionString, { tablePrefix: 'raw' });
    await store.ensureTables();
    const groups = sameEntities();
    const started = performance.now();
    await inParallel(groups, CONCURRENCY, async (actions) => {
      const usage = actions.filter((a) => a[0] === 'upsert');
      const workloads = actions.filter((a) => a[0] === 'create');
      await store.writeUsageActions(usage);
      await store.writeWorkloadActions(workloads);
    });
    rawSeconds = (performance.now() - started) / 1000;

    // The usage months alone (a stricter ceiling: no tracked workloads written at all).
    const usageOnly = new WorkloadStore(azurite.connectionString, { tablePrefix: 'rawusage' });
    await usageOnly.ensureTables();
    const started2 = performance.now();
    await inParallel(groups, CONCURRENCY, async (actions) => {
      await usageOnly.writeUsageActions(actions.filter((a) => a[0] === 'upsert'));
    });
    usageOnlySeconds = (performance.now() - started2) / 1000;
  } finally {
    await azurite.stop();
  }

  const importRate = rows / importSeconds;
  const rawRate = rows / rawSeconds;
  const usageOnlyRate = rows / usageOnlySeconds;
  const ratio = importRate / rawRate;
  console.log(
    `import (csv -> validated -> engine -> batches)   ${Math.round(importRate).toLocaleString('en-US').padStart(8)} rows/s   ${importSeconds.toFixed(1)} s   peak memory ${mb(importPeak)}, this process busy ${((100 * importCpu) / importSeconds).toFixed(0)}% of the time`,
  );
  console.log(`raw submitTransaction, same entities             ${Math.round(rawRate).toLocaleString('en-US').padStart(8)} rows/s   ${rawSeconds.toFixed(1)} s`);
  console.log(`raw submitTransaction, usage months only         ${Math.round(usageOnlyRate).toLocaleString('en-US').padStart(8)} rows/s   ${usageOnlySeconds.toFixed(1)} s`);
  console.log(`ratio import / raw (same entities): ${ratio.toFixed(3)}; target at least 0.7: ${ratio >= 0.7 ? 'met' : 'NOT met'}`);
  console.log(`ratio import / raw (usage months only): ${(importRate / usageOnlyRate).toFixed(3)}`);
  console.log(`peak memory during the import ${mb(importPeak)}; target under 300 MB: ${importPeak < 300 * 1024 * 1024 ? 'met' : 'NOT met'}`);
  const emRate = emRows / emSeconds;
  const emRatio = emRate / importRate;
  console.log(
    `Enterprise Mobility report (wide, ${EM_SUBSCRIPTIONS} subscriptions per tenant and month) ${Math.round(emRate).toLocaleString('en-US').padStart(8)} rows/s   ${emSeconds.toFixed(1)} s   ${emRows.toLocaleString('en-US')} rows -> ${emWritten.toLocaleString('en-US')} usage months   peak memory ${mb(emPeak)}`,
  );
  console.log(`ratio Enterprise Mobility report / plain import (rows/s): ${emRatio.toFixed(3)}; target at least 0.7: ${emRatio >= 0.7 ? 'met' : 'NOT met'}`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
