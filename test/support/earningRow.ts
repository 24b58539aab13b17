/** One earning as the engine reads it (shared/earnings), with the fields a test does not care about empty. */
import type { Earning } from '../../shared';

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
