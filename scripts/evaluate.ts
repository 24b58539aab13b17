/**
 * Evaluate customer workloads from a JSON file with the engine and print each verdict with its
 * reasons: eligibility, size band, usage, claim advice and payout.
 *
 *   npm run evaluate -- path/to/workloads.json     (an array of workload facts)
 *   npm run evaluate -- path/to/workloads.json --json
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { adviseClaim, calculatePayout, EngineInputError, formatMoney, type PayoutInput } from '../shared';

function main(argv: string[]): number {
  const json = argv.includes('--json');
  const file = argv.find((a) => !a.startsWith('--')) ?? resolve(__dirname, '..', 'docs', 'examples', 'workloads.json');
  let items: unknown;
  try {
    items = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    console.error(`Cannot read ${file}: ${(e as Error).message}`);
    return 2;
  }
  if (!Array.isArray(items)) {
    console.error(`${file} must hold a JSON array of workload facts.`);
    return 2;
  }
  let bad = 0;
  const out: unknown[] = [];
  items.forEach((raw, i) => {
    const { customerName, market: _market, milestonesPaid: _paid, paidToDateCents: _paidToDate, ...facts } = raw as PayoutInput;
    const label = customerName ?? `item ${i}`;
    try {
      const advice = adviseClaim({ ...facts, ...(customerName ? { customerName } : {}) });
      const payout = calculatePayout(raw as PayoutInput);
      const e = advice.eligibility;
      if (json) {
        out.push({ index: i, customerName, eligibility: e, advice: { action: advice.action, reasons: advice.reasons }, payout });
        return;
      }
      console.log(`\n${label}: ${e.workload}, ${e.programName}`);
      console.log(`  eligible ${e.eligible ? 'yes' : 'no'} | band ${e.sizeBand} | usage ${e.usagePct === null ? 'n/a' : `${e.usagePct}%`} | advice ${advice.action}`);
      console.log(`  advice: ${advice.message}`);
      console.log(
        `  payout: earned ${formatMoney(payout.earnedCents, payout.currency)}, owed ${formatMoney(payout.owedCents, payout.currency)}, still possible ${formatMoney(payout.potentialCents, payout.currency)}`,
      );
      for (const line of payout.lines) console.log(`    ${line.label}: ${line.status}, ${formatMoney(line.amountCents, payout.currency)} (owed ${formatMoney(line.owedCents, payout.currency)})`);
      for (const r of e.reasons) console.log(`  - ${r.code}${r.partnerCenterCode ? ` [${r.partnerCenterCode}]` : ''}: ${r.message}`);
    } catch (err) {
      if (!(err instanceof EngineInputError)) throw err;
      bad++;
      const issues = err.issues.map((x) => `items[${i}].${x.path}: ${x.message}`);
      if (json) out.push({ index: i, customerName, errors: err.issues });
      else console.log(`\n${label}: not evaluated\n  ${issues.join('\n  ')}`);
    }
  });
  if (json) console.log(JSON.stringify(out, null, 2));
  else console.log(`\n${items.length - bad} of ${items.length} workloads evaluated${bad ? `, ${bad} with input errors` : ''}.`);
  return bad > 0 ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));
