import type { PayoutInput, PoeCheckInput, WorkloadFactsInput } from '../../shared';

/** A Security usage FY25 workload on 2025-03-31 (inside FY25), eligible unless a test changes it. */
export function securityFacts(overrides: Partial<WorkloadFactsInput> = {}): WorkloadFactsInput {
  return {
    programId: 'security-usage',
    asOfDate: '2025-03-31', // inside FY25 (2024-10-01 to 2025-09-30)
    workload: 'Defender for Endpoint',
    paidAvailableUnits: 1000,
    monthlyActiveUsers: 93,
    ...overrides,
  };
}

/** A Modern Work usage FY25 workload on 2025-03-31 in market A. */
export function modernWorkPayout(overrides: Partial<PayoutInput> = {}): PayoutInput {
  return {
    programId: 'modern-work-usage',
    asOfDate: '2025-03-31',
    workload: 'Exchange Online',
    paidAvailableUnits: 1000,
    monthlyActiveUsers: 100,
    market: 'A',
    ...overrides,
  };
}

/** A Security FY25 claim filed 2025-01-10 at 9% of 1,000 seats, approved 2025-01-20. */
export function securityClaim(overrides: Partial<PayoutInput> = {}): PayoutInput {
  return {
    programId: 'security-usage',
    asOfDate: '2025-06-30',
    workload: 'MDE',
    paidAvailableUnits: 1000,
    monthlyActiveUsers: 160,
    claimDate: '2025-01-10',
    claimApprovedDate: '2025-01-20',
    highWaterMark: 90,
    paidAvailableUnitsAtClaim: 1000,
    ...overrides,
  };
}

/** The tenant of the POE fixtures. */
export const POE_TENANT = '8f2c1a9e-0b7d-4e55-9a51-3c1d2e4f5a6b';

/** The POE of an MDE deployment claimed 2025-03-15, acknowledged 2025-01-10: every requirement met. */
export function mdePoe(overrides: Partial<PoeCheckInput> = {}): PoeCheckInput {
  return {
    programId: 'security-usage',
    claimDate: '2025-03-15',
    partnerId: '1234567',
    tenantId: POE_TENANT,
    workloads: ['MDE'],
    acknowledgementDate: '2025-01-10',
    workloadsNamed: ['MDE'],
    userCount: 1200,
    customerNeed: 'Deploy MDE on 1,200 laptops.',
    engagementStartDate: '2025-01-13',
    engagementEndDate: '2025-04-30',
    sessionCount: 8,
    partnerIdNamed: '1234567',
    tenantIdNamed: POE_TENANT,
    activities: ['deployment'],
    ...overrides,
  };
}

export function codes(reasons: ReadonlyArray<{ code: string }>): string[] {
  return reasons.map((r) => r.code);
}
