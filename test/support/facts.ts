import type { PayoutInput, WorkloadFactsInput } from '../../shared';

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

export function codes(reasons: ReadonlyArray<{ code: string }>): string[] {
  return reasons.map((r) => r.code);
}
