/**
 * What a program is: one incentive program for one program year, as data. Every number a rule
 * uses (seat minimum, band thresholds, milestones, amounts, rates, caps, time limits) lives
 * here, never in engine code. Program files are validated against this schema at load.
 */
import { z } from 'zod';
import { ACTIVITY_TYPES, ASSOCIATION_TYPES, CLOUDS, LICENSE_PROGRAMS, RECOGNITION_METRICS } from '../vocabulary';
import { cents, count, isoDate, percent } from '../validation';

const id = () => z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, { error: 'must be a lower-case kebab-case id like "security-usage-fy25"' });

const bandName = () => z.string().regex(/^[A-Z0-9]{1,6}$/, { error: 'must be a short upper-case band name like "XS"' });

const SizeBandSchema = z.strictObject({
  name: bandName(),
  /** The smallest PAU in this band; the band runs up to the next band's minimum minus one. */
  minSeats: count(),
});

const MilestoneSchema = z.strictObject({
  number: z.number().int().min(1),
  /** Usage % (MAU / PAU, paid users only) at which the milestone is earned. */
  usagePct: percent().refine((v) => v > 0, { error: 'must be above 0%' }),
});

const MilestonePayoutSchema = z.strictObject({
  style: z.literal('milestone'),
  milestones: z.array(MilestoneSchema).min(1),
  /** Amount per band per milestone, in cents: `{ "XS": [m1, m2], ... }`, one entry per milestone. */
  amountsCents: z.record(bandName(), z.array(cents())),
});

const PerUserPayoutSchema = z.strictObject({
  style: z.literal('per-user'),
  /** Rate per net new active user above the prior HWM, per market, in cents. */
  ratePerUserCents: z.strictObject({ A: cents(), B: cents(), C: cents() }),
  /** The most units one customer workload can be paid for. */
  maxCompensableUnits: count('units').min(1),
  /** The most one customer workload can earn, in cents. */
  capPerWorkloadCents: cents(),
  /** Earnings stop this many months after the claim's attach (claim) date. */
  maxMonthsSinceClaim: z.number().int().min(1).max(120),
  /** Earnings for month M are available by this day of month M+1. */
  earningsAvailableDay: z.number().int().min(1).max(28),
});

const PoeRulesSchema = z.strictObject({
  /** An acknowledgement this many months old (or older) at claim no longer counts. */
  acknowledgementMaxAgeMonths: z.number().int().min(1).max(60),
  /** The engagement must be ongoing or have ended within this many months before the claim. */
  engagementLookbackMonths: z.number().int().min(1).max(60),
  /** Countries (ISO 3166 alpha-2) where public-sector customers must be told the partner may earn fees. */
  feeDisclosureCountries: z.array(z.string().regex(/^[A-Z]{2}$/)),
  /** Activity types that count as execution for this program. */
  countingActivities: z.array(z.enum(ACTIVITY_TYPES)).min(1),
});

const AdviceRulesSchema = z.strictObject({
  /** Re-claim is suggested when usage % falls below this fraction of the claim's baseline usage %. */
  reclaimBelowBaselineRatio: z.number().gt(0).lt(1),
  /** Warn this many days before the POE acknowledgement turns too old. */
  poeExpiryWarningDays: z.number().int().min(1).max(365),
});

export const ProgramSchema = z
  .strictObject({
    id: id(),
    name: z.string().min(1),
    /** Programs of the same family are the same incentive in successive years; a date picks the year. */
    family: id(),
    /** Where the figures come from, or what is assumed about them. */
    note: z.string().min(1).optional(),
    /**
     * True while the figures are the examples shipped with the product (the real rate card is
     * behind a partner sign-in): every answer computed with them says so (EXAMPLE_PROGRAM_FIGURES).
     * Set it to false (or leave it out) when entering the figures of the incentive guide.
     */
    exampleFigures: z.boolean().optional(),
    /**
     * The program year whose rules this year assumes, carried forward until Microsoft publishes
     * this year's guide: every answer for this year says so (ASSUMED_PROGRAM_FIGURES).
     */
    assumedFrom: id().optional(),
    programYear: z.strictObject({ start: isoDate(), end: isoDate() }),
    currency: z.string().regex(/^[A-Z]{3}$/),
    seatMinimum: count().min(1),
    belowMinimumBand: bandName(),
    sizeBands: z.array(SizeBandSchema).min(1),
    payout: z.discriminatedUnion('style', [MilestonePayoutSchema, PerUserPayoutSchema]),
    /** A partner's maximum earnings in the program year, unless the partner has its own cap. */
    defaultPartnerCapCents: cents(),
    excludedClouds: z.array(z.enum(CLOUDS)),
    excludedCountries: z.array(z.string().regex(/^[A-Z]{2}$/)),
    licensePrograms: z.array(z.enum(LICENSE_PROGRAMS)).min(1),
    associationTypes: z.array(z.enum(ASSOCIATION_TYPES)).min(1),
    workloads: z.array(id()).min(1),
    /** Workloads that count toward designation scores when claimed but pay no incentive. */
    recognitionOnlyWorkloads: z.array(id()),
    retiredWorkloads: z.array(z.strictObject({ workload: id(), retiredOn: isoDate(), note: z.string().min(1) })),
    poe: PoeRulesSchema,
    advice: AdviceRulesSchema,
  })
  .superRefine((p, ctx) => {
    if (p.programYear.end <= p.programYear.start) {
      ctx.addIssue({ code: 'custom', path: ['programYear', 'end'], message: `must be after programYear.start (${p.programYear.start})` });
    }
    const first = p.sizeBands[0];
    if (first && first.minSeats !== p.seatMinimum) {
      ctx.addIssue({
        code: 'custom',
        path: ['sizeBands', 0, 'minSeats'],
        message: `must equal the seat minimum ${p.seatMinimum} (below it every workload is ${p.belowMinimumBand})`,
      });
    }
    const names = new Set<string>([p.belowMinimumBand]);
    p.sizeBands.forEach((band, i) => {
      const prev = p.sizeBands[i - 1];
      if (prev && band.minSeats <= prev.minSeats) {
        ctx.addIssue({ code: 'custom', path: ['sizeBands', i, 'minSeats'], message: `must be above the previous band's ${prev.minSeats}` });
      }
      if (names.has(band.name)) ctx.addIssue({ code: 'custom', path: ['sizeBands', i, 'name'], message: `"${band.name}" is used twice` });
      names.add(band.name);
    });
    if (p.payout.style === 'milestone') {
      const { milestones, amountsCents } = p.payout;
      milestones.forEach((m, i) => {
        if (m.number !== i + 1) ctx.addIssue({ code: 'custom', path: ['payout', 'milestones', i, 'number'], message: `must be ${i + 1}` });
        if (m.usagePct >= 100) ctx.addIssue({ code: 'custom', path: ['payout', 'milestones', i, 'usagePct'], message: `must be below 100%` });
        const prev = milestones[i - 1];
        if (prev && m.usagePct <= prev.usagePct) {
          ctx.addIssue({ code: 'custom', path: ['payout', 'milestones', i, 'usagePct'], message: `must be above milestone ${prev.number}'s ${prev.usagePct}%` });
        }
      });
      for (const band of p.sizeBands) {
        const amounts = amountsCents[band.name];
        if (!amounts) {
          ctx.addIssue({ code: 'custom', path: ['payout', 'amountsCents', band.name], message: `is missing: every band needs an amount per milestone` });
        } else if (amounts.length !== milestones.length) {
          ctx.addIssue({
            code: 'custom',
            path: ['payout', 'amountsCents', band.name],
            message: `must have ${milestones.length} amounts (one per milestone), has ${amounts.length}`,
          });
        }
      }
      for (const name of Object.keys(amountsCents)) {
        if (!p.sizeBands.some((b) => b.name === name)) {
          ctx.addIssue({ code: 'custom', path: ['payout', 'amountsCents', name], message: `is not one of the program's size bands` });
        }
      }
    }
    p.retiredWorkloads.forEach((r, i) => {
      if (p.workloads.includes(r.workload)) {
        ctx.addIssue({ code: 'custom', path: ['retiredWorkloads', i, 'workload'], message: `"${r.workload}" is also listed in workloads` });
      }
    });
    p.recognitionOnlyWorkloads.forEach((w, i) => {
      if (!p.workloads.includes(w)) {
        ctx.addIssue({ code: 'custom', path: ['recognitionOnlyWorkloads', i], message: `"${w}" must also be listed in workloads` });
      }
    });
  });

export type Program = z.output<typeof ProgramSchema>;
export type ProgramInput = z.input<typeof ProgramSchema>;
export type MilestonePayoutRules = Extract<Program['payout'], { style: 'milestone' }>;
export type PerUserPayoutRules = Extract<Program['payout'], { style: 'per-user' }>;

const ProductGroupSchema = z.strictObject({
  id: id(),
  name: z.string().min(1),
  workloads: z.array(id()).min(1),
});

const RecognitionRuleSchema = z.strictObject({
  metric: z.enum(RECOGNITION_METRICS),
  productGroups: z.array(id()).min(1),
  associationTypes: z.array(z.enum(ASSOCIATION_TYPES)).min(1),
  note: z.string().optional(),
});

/** Which associations count for which product and metric in the partner programme (R9). */
export const RecognitionRulesSchema = z
  .strictObject({
    id: id(),
    name: z.string().min(1),
    productGroups: z.array(ProductGroupSchema).min(1),
    rules: z.array(RecognitionRuleSchema).min(1),
    /** Association types that exist only for these license programs (DPOR: EA and CASA; CSP tiers: CSP). */
    associationLicensePrograms: z.partialRecord(z.enum(ASSOCIATION_TYPES), z.array(z.enum(LICENSE_PROGRAMS)).min(1)),
    /** Days it can take for an automatically counted association to appear. */
    automaticCountDelayDays: z.number().int().min(0).max(365),
  })
  .superRefine((r, ctx) => {
    const groups = new Set(r.productGroups.map((g) => g.id));
    r.rules.forEach((rule, i) =>
      rule.productGroups.forEach((g, j) => {
        if (!groups.has(g)) ctx.addIssue({ code: 'custom', path: ['rules', i, 'productGroups', j], message: `"${g}" is not a declared product group` });
      }),
    );
  });

export type RecognitionRules = z.output<typeof RecognitionRulesSchema>;
