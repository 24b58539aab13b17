/** One earning as the engine reads it (shared/earnings), with the fields a test does not care about empty. */
import type { Earning, UsageMonth } from '../../shared';
import type { TrackedRecord } from '../../functions/storage/evaluateTracked';

/** The tenant these earnings belong to unless a test says otherwise. */
export const EARNING_TENANT = '11111111-1111-4111-8111-111111111111';

/** A paid Teams earning of `amountUsdCents` for `month`, keyed `earningKey`. */
export function earningRow(earningKey: string, month: string, amountUsdCents: number, over: Partial<Earning> = {}): Earning {
  return {
    earningKey,
    tenantId: EARNING_TENANT,
    workload: 'teams',
    month,
    milestone: null,
    baseline: null,
    baselineType: null,
    compensableUnits: null,
    earningRateCents: null,
    amountUsdCents,
    amountPaymentMinor: null,
    paymentCurrency: null,
    claimId: null,
    paymentStatus: 'Sent',
    estimatedPaymentMonth: null,
    reasonCode: null,
    programName: null,
    ...over,
  };
}

/**
 * A Teams claim (Modern Work FY25, per-user, market A at $10.00 per user) filed 2025-01-10 with
 * a baseline HWM of 100 on 1,000 seats, approved 2025-01-20, of EARNING_TENANT.
 */
export const TEAMS_CLAIM: TrackedRecord & { market: string } = {
  tenantId: EARNING_TENANT,
  workload: 'teams',
  customerName: 'Contoso',
  programId: 'modern-work-usage-fy25',
  licenseProgram: 'CSP',
  cloud: 'GCC',
  segment: 'Commercial',
  associationType: 'CPOR OSU',
  paidAvailableUnits: 1000,
  monthlyActiveUsers: 300,
  usageMonth: '2025-05',
  claimStatus: 'approved',
  claimDate: '2025-01-10',
  claimApprovedDate: '2025-01-20',
  highWaterMark: 100,
  paidAvailableUnitsAtClaim: 1000,
  market: 'A',
} as TrackedRecord & { market: string };

/** Its usage: MAU Jan 100 (approval month, earns nothing), Feb 150, Mar 200, Apr 260, May 300 on 1,000 seats. */
export const TEAMS_CLAIM_HISTORY: UsageMonth[] = (
  [
    ['2025-01', 100],
    ['2025-02', 150],
    ['2025-03', 200],
    ['2025-04', 260],
    ['2025-05', 300],
  ] as const
).map(([month, mau]) => ({ month, paidAvailableUnits: 1000, monthlyActiveUsers: mau }));
