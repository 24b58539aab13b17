/**
 * R6 and DOMAIN.md, "The partner cap is per partner and per program year": a batch of payouts
 * is grouped by program year (one program id is one program for one year), and each group is
 * capped on its own, named with the cap's effective dates (the program year), what it has
 * earned and the balance still open, the facts of Partner Center's MaxCapBalance report
 * (`maxCapUSD`, `maxCapEffectiveStartDate`/`EndDate`, `totalEarningsUSD`,
 * `balanceEarningOpportunityUSD`).
 */
import { z } from 'zod';
import { EngineInputError } from '../errors';
import { programIdSchema } from '../programs/catalog';
import type { Program } from '../programs/schema';
import { cents } from '../validation';
import { applyPartnerCapTo, type PartnerCapResult } from './partnerCap';

/** What a caller says about one program year's cap: the cap and what was earned before the batch. */
export const CapSettingSchema = z.strictObject({
  programId: programIdSchema(),
  /** The partner's cap for this program year; the batch's partnerCapCents, or the program's default, without it. */
  partnerCapCents: cents().optional(),
  /** Earned earlier in this program year, before these workloads. */
  earnedBeforeCents: cents().optional(),
});
export type CapSetting = z.output<typeof CapSettingSchema>;

export interface PartnerCapGroup extends PartnerCapResult {
  programId: string;
  programName: string;
  /** The cap's effective dates: the program year. */
  effectiveStartDate: string;
  effectiveEndDate: string;
  /** Earned against the cap: what was earned before plus what these items may be paid. */
  totalEarnedCents: number;
}

export interface CapItem {
  id: string;
  amountCents: number;
  program: Program;
}

export interface CapSettings {
  /** One cap for every program year without its own; the program's default without it. */
  partnerCapCents?: number;
  /** Earned before, for a batch of one program year only. */
  earnedBeforeCents: number;
  caps?: readonly CapSetting[];
}

/**
 * Cap each program year's items on its own, groups in the order their first item appears.
 * @example capPerProgramYear([{ id: 'a', amountCents: 40_000_00, program: fy25 }, { id: 'b', amountCents: 40_000_00, program: fy26 }], { partnerCapCents: 50_000_00, earnedBeforeCents: 0 })
 * // => two groups, nothing capped, $10,000.00 open in each
 */
export function capPerProgramYear(items: readonly CapItem[], settings: CapSettings): PartnerCapGroup[] {
  const groups = new Map<string, { program: Program; items: Array<{ id: string; amountCents: number }> }>();
  for (const item of items) {
    let g = groups.get(item.program.id);
    if (g === undefined) {
      g = { program: item.program, items: [] };
      groups.set(item.program.id, g);
    }
    g.items.push({ id: item.id, amountCents: item.amountCents });
  }
  const names = () => [...groups.values()].map((g) => g.program.name).join(', ');
  const issues: EngineInputError['issues'] = [];
  if (groups.size > 1 && settings.earnedBeforeCents > 0) {
    issues.push({
      path: 'earnedBeforeCents',
      code: 'custom',
      message: `applies to one program year, but the items are paid under ${groups.size} (${names()}): give what was earned before per program in caps[].earnedBeforeCents`,
    });
  }
  const byProgram = new Map<string, CapSetting>();
  settings.caps?.forEach((c, i) => {
    if (!groups.has(c.programId)) {
      issues.push({ path: `caps[${i}].programId`, code: 'custom', message: `names ${c.programId}, but no item is paid under it; the items are paid under ${[...groups.keys()].join(', ')}` });
    } else if (byProgram.has(c.programId)) {
      issues.push({ path: `caps[${i}].programId`, code: 'custom', message: `names ${c.programId} twice` });
    } else byProgram.set(c.programId, c);
  });
  if (issues.length > 0) throw new EngineInputError(issues);
  const out: PartnerCapGroup[] = [];
  for (const { program, items: groupItems } of groups.values()) {
    const own = byProgram.get(program.id);
    const cap = own?.partnerCapCents ?? settings.partnerCapCents ?? program.defaultPartnerCapCents;
    const before = own?.earnedBeforeCents ?? (groups.size === 1 ? settings.earnedBeforeCents : 0);
    const { start, end } = program.programYear;
    const r = applyPartnerCapTo(cap, before, groupItems, program.currency, `${program.name} (${start} to ${end})`);
    out.push({ programId: program.id, programName: program.name, effectiveStartDate: start, effectiveEndDate: end, totalEarnedCents: before + r.payableCents, ...r });
  }
  return out;
}
