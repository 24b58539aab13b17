/**
 * The formula help page (help.html, served with the add-in): one section per function, each
 * function's `helpUrl` pointing at it. The arguments and their meanings come from the
 * functions' metadata (functions.json, made from the JSDoc); the example and what the errors
 * mean are written here. The build refuses a function without its help.
 */

interface FunctionMetadata {
  id: string;
  description?: string;
  helpUrl?: string;
  parameters: Array<{ name: string; description?: string; optional?: boolean }>;
}

interface HelpExtra {
  example: string;
  /** What it shows, in words. */
  answer: string;
  errors: string[];
}

const BAD_ARGUMENT = '#VALUE! with a message naming the argument (and the row, in a range), e.g. "row 3: paidAvailableUnits: must be a whole number of seats, got -5"; the other rows still answer.';
const HISTORY = '#VALUE! "usageHistory: ..." when the history is not month, PAU, MAU rows, or when the formula covers more than one workload.';

export const HELP: Record<string, HelpExtra> = {
  CPOR_ELIGIBLE: {
    example: '=PI.CPOR_ELIGIBLE("MDE", 1000, 100, $H$1)',
    answer: 'TRUE or FALSE.',
    errors: [BAD_ARGUMENT, HISTORY, '#VALUE! "highWaterMark: is required for a filed claim" when a claim date is given without its baseline: give the HWM and PAU at claim, or the usage history.'],
  },
  CPOR_WHY: { example: '=PI.CPOR_WHY("MDE", 10, 10, $H$1)', answer: 'BELOW_SEAT_MINIMUM: PAU 10 is below the 150 seat minimum ...; ...', errors: [BAD_ARGUMENT, HISTORY] },
  CLAIM_ADVICE: {
    example: '=PI.CLAIM_ADVICE("MDE", 1000, 100, $H$1)',
    answer: 'claim-now (or wait-for-seats, re-claim, ask-for-exception, refresh-poe, no-action, not-eligible).',
    errors: [BAD_ARGUMENT, HISTORY],
  },
  MILESTONE: { example: '=PI.MILESTONE("MDE", 1000, 200, $H$1)', answer: 'The next milestone still earnable: 1, 2; 0 when none is left.', errors: [BAD_ARGUMENT, HISTORY] },
  PAYOUT: {
    example: '=PI.PAYOUT("MDE", 1000, 120, $H$1, , , "2026-10-05", "2026-10-20", 100, 1000, "Commercial", "CSP", 4000)',
    answer: "What the claim can still pay in the program's currency, caps applied, after the amount already paid (e.g. 6000).",
    errors: [
      BAD_ARGUMENT,
      HISTORY,
      '#VALUE! "amountPaid: ... is more than the ... this claim has earned" when the amount paid exceeds what was earned.',
      '#VALUE! "market: is required" for per-user programs (Modern Work) without a market.',
    ],
  },
  SIZE_BAND: {
    example: '=PI.SIZE_BAND(200, $H$1, "Exchange Online")',
    answer: "XXS (below the seat minimum), XS, S, M, L, XL or XXL. 200 Exchange Online seats are XXS: Modern Work's minimum is 300.",
    errors: [BAD_ARGUMENT, '#VALUE! "workloadOrProgram: ... is neither a program nor a workload we know".'],
  },
  SEATS_TO_MINIMUM: { example: '=PI.SEATS_TO_MINIMUM(200, $H$1, "Exchange Online")', answer: '100: paid seats still missing to the 300 seat minimum (0 when met).', errors: [BAD_ARGUMENT] },
  USAGE_PCT: { example: '=PI.USAGE_PCT(420, 1250)', answer: '33.6 (MAU over PAU, in percent).', errors: [BAD_ARGUMENT, '#VALUE! "paidAvailableUnits: is 0" when there are no paid seats.'] },
  POE_CHECK: { example: '=PI.POE_CHECK("MDE", "2026-11-20", "1234567", A2, "2026-11-01")', answer: 'OK, or "Missing: ..." with what the proof of execution lacks.', errors: [BAD_ARGUMENT] },
  RECOGNIZED: { example: '=PI.RECOGNIZED("Power Apps", "PAL", "usage")', answer: 'TRUE when the association counts for the product and metric.', errors: [BAD_ARGUMENT] },
  FORECAST: {
    example: '=PI.FORECAST("MDE", A2:C13, $H$1)',
    answer: 'The month the milestone is expected (e.g. 2027-02), "reached", "not within the program year ending ...", or why there is no forecast.',
    errors: [BAD_ARGUMENT, '#VALUE! "history: ..." naming the bad row of the history.'],
  },
  CATALOG: {
    example: '=PI.CATALOG()',
    answer: "Which program figures the workbook computes with: the team's catalog (its version, and when it was loaded from the API) or the shipped example figures.",
    errors: ['None: without a loaded catalog it says the example figures are in use.'],
  },
  TRACKED: {
    example: '=PI.TRACKED(A2, "MDE", "claimStatus")',
    answer: 'The field as stored (and as last night judged it).',
    errors: [
      '#VALUE! "field: ... is not a field of a tracked workload; use one of ..." naming the valid fields.',
      '#N/A "... is not tracked" when the store has no such workload.',
      "#N/A with the reason when the API cannot answer (not set, unreachable, wrong key): see the task pane's connection.",
    ],
  },
  PAID: {
    example: '=PI.PAID(A2, "Teams", "2026-09")',
    answer:
      'What Microsoft paid for the workload (the distinct earnings imported from Partner Center, and payments entered by hand where no export has them), in dollars: for the month, or in all without one.',
    errors: [
      '#VALUE! "month: ..." when the month is not one.',
      '#N/A "... is not tracked" when the store has no such workload.',
      "#N/A with the reason when the API cannot answer: see the task pane's connection.",
    ],
  },
  RECONCILED: {
    example: '=PI.RECONCILED(A2, "Teams", "2026-09", "status")',
    answer:
      "A field of the month's reconciliation line: status (matched, underpaid, overpaid, missing, pending, unexpected-ineligible, not-predicted), predicted, paid, difference, message, likelyCause, disputeBy or partnerCenterCode.",
    errors: [
      '#VALUE! "field: ..." naming the valid fields.',
      '#N/A "... is not tracked" when the store has no such workload.',
      "#N/A with the reason when the API cannot answer: see the task pane's connection.",
    ],
  },
  CHANGES_SINCE: {
    example: '=PI.CHANGES_SINCE($H$1-7)',
    answer: 'The nightly changes since the date, one row each under a header.',
    errors: ['#VALUE! "since: must be a date".', '#N/A with the reason when the API cannot answer.'],
  },
};

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** help.html for the functions' metadata; throws naming a function that has no help. */
export function helpPage(functions: readonly FunctionMetadata[]): string {
  const missing = functions.filter((f) => HELP[f.id] === undefined || f.helpUrl !== `https://localhost:3000/help.html#${f.id}`).map((f) => f.id);
  if (missing.length > 0) throw new Error(`formula help: no help section or helpUrl for ${missing.join(', ')} (addin/src/help.ts, @helpurl in the JSDoc)`);
  const sections = functions.map((f) => {
    const h = HELP[f.id]!;
    const args = f.parameters.map((p) => `<li><code>${escape(p.name)}</code>${p.optional ? ' (optional)' : ''}: ${escape(p.description ?? '')}</li>`).join('');
    return `<section id="${f.id}"><h2>PI.${f.id}</h2><p>${escape(f.description ?? '')}</p><h3>Arguments</h3><ul class="args">${args}</ul><h3>Example</h3><p><code class="example">${escape(h.example)}</code></p><p>${escape(h.answer)}</p><h3>Errors</h3><ul class="errors">${h.errors.map((e) => `<li>${escape(e)}</li>`).join('')}</ul></section>`;
  });
  const toc = functions.map((f) => `<a href="#${f.id}">PI.${f.id}</a>`).join(' · ');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Partner incentives formulas</title><meta name="viewport" content="width=device-width"><style>body{font-family:"Segoe UI",system-ui,sans-serif;max-width:60rem;margin:1rem auto;padding:0 1rem;color:#323130}h2{color:#0f6cbd;border-top:1px solid #e1dfdd;padding-top:1rem}code{background:#f3f2f1;padding:0 .2em}</style></head><body><h1>Partner incentives formulas</h1><p>Words: PAU = paid available units (paid licences); MAU = monthly active users (last 28 days); HWM = high-water mark, the highest MAU of the months that count, a claim's baseline.</p><nav>${toc}</nav>${sections.join('')}</body></html>`;
}
