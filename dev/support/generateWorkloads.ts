/** Deterministic generated workloads for benchmarks: a realistic mix of programs, sizes and claims. */
import type { PayoutInput } from '../../shared';

/** mulberry32: a small seeded PRNG, so every run evaluates the same workloads. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SECURITY = ['Defender for Endpoint', 'MDE', 'Intune', 'Entra ID P2', 'MDO', 'Defender for Identity', 'MDCA', 'Purview Information Protection', 'Sentinel'];
const MODERN_WORK = ['Exchange Online', 'SharePoint Online', 'Teams', 'Teams Phone', 'Copilot for Microsoft 365'];
const CLOUDS = ['Commercial', 'Commercial', 'Commercial', 'Commercial', 'GCC', 'GCC High', 'DoD'] as const;
const LICENSE = ['CSP', 'CSP', 'EA', 'CASA', 'MCA-E', 'Web Direct'] as const;
const MARKETS = ['A', 'B', 'C'] as const;
const DATES = ['2024-11-15', '2025-01-31', '2025-03-31', '2025-06-30', '2025-08-20', '2025-10-15', '2026-02-28', '2026-06-30'];
const CLAIMS: Record<string, string> = {
  '2024-11-15': '2024-10-20',
  '2025-01-31': '2024-12-05',
  '2025-03-31': '2025-01-10',
  '2025-06-30': '2025-02-14',
  '2025-08-20': '2025-05-02',
  '2025-10-15': '2025-10-02',
  '2026-02-28': '2025-11-17',
  '2026-06-30': '2026-01-09',
};

export function generateWorkloads(n: number, seed: number): PayoutInput[] {
  const rnd = prng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
  const out: PayoutInput[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const security = rnd() < 0.6;
    const asOfDate = pick(DATES);
    const pau = Math.floor(Math.exp(rnd() * Math.log(20000)));
    const mau = Math.floor(pau * rnd() * 1.1);
    const f: PayoutInput = {
      programId: security ? 'security-usage' : 'modern-work-usage',
      asOfDate,
      workload: pick(security ? SECURITY : MODERN_WORK),
      paidAvailableUnits: pau,
      monthlyActiveUsers: mau,
      cloud: pick(CLOUDS),
      licenseProgram: pick(LICENSE),
      market: pick(MARKETS),
    };
    if (rnd() < 0.5) {
      const claimDate = CLAIMS[asOfDate]!;
      f.claimDate = claimDate;
      f.claimApprovedDate = claimDate;
      f.highWaterMark = Math.floor(mau * rnd());
      f.paidAvailableUnitsAtClaim = Math.max(1, Math.floor(pau * (0.5 + rnd() / 2)));
      if (security && rnd() < 0.3) f.milestonesPaid = [{ milestone: 1, amountCents: 100000 }];
      if (!security && rnd() < 0.3) f.paidToDateCents = 20000;
    }
    if (rnd() < 0.1) {
      const month = asOfDate.slice(0, 7);
      const y = Number(month.slice(0, 4));
      const m = Number(month.slice(5, 7));
      const prev = m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
      f.usageHistory = [
        { month: prev, paidAvailableUnits: pau, monthlyActiveUsers: Math.floor(mau * 0.9) },
        { month, paidAvailableUnits: pau, monthlyActiveUsers: mau },
      ];
    }
    out[i] = f;
  }
  return out;
}
