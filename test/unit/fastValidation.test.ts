/**
 * Validation's fast path (shared/fastPath.ts) against zod's detailed path, on generated valid
 * and invalid facts: the same acceptance and the same parsed values. Every field is drawn from
 * values that pass (including those that pass only after forgiving: spaces around IDs, loose
 * enum spellings, unsorted months) and values that do not (wrong types, null, NaN, fractions,
 * out-of-range numbers, impossible dates, duplicates, unknown keys, dates out of order).
 */
import fc from 'fast-check';
import { z } from 'zod';
import { parseWith, PayoutInputSchema, WorkloadFactsSchema, EngineInputError, UsageHistorySchema } from '../../shared';
import { fastCheckOf, SLOW } from '../../shared/fastPath';
import { TrackedWorkloadSchema } from '../../functions/storage/trackedWorkload';

const TENANT = '8f2c1a9e-0b7d-4e55-9a51-3c1d2e4f5a6b';

/** A field's value: mostly ones that pass, one in about 40 one that does not (an item has some twenty fields). */
function field<T>(good: fc.Arbitrary<T>, bad: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.oneof({ arbitrary: good, weight: 40 }, { arbitrary: bad, weight: 1 });
}

const notAString = fc.constantFrom<unknown>(null, 42, true, [], {}, undefined);
const notANumber = fc.constantFrom<unknown>(null, '12', NaN, Infinity, -Infinity, true, [], undefined);

const isoDay = fc.integer({ min: 0, max: 4 * 365 }).map((n) => new Date(Date.UTC(2023, 0, 1) + n * 86_400_000).toISOString().slice(0, 10));
const badDay = fc.constantFrom('2025-02-30', '2025-13-01', '1899-12-31', '2025-1-01', '20250101', '', ' 2025-01-01', '2024-02-29x');
const month = fc.integer({ min: 0, max: 48 }).map((n) => {
  const d = new Date(Date.UTC(2023, n, 1));
  return d.toISOString().slice(0, 7);
});
const badMonth = fc.constantFrom('2025-13', '2025-00', '1800-01', '2025-1', '2025/01', '');

const count = field(fc.oneof(fc.integer({ min: 0, max: 30_000 }), fc.constantFrom(0, -0, 100_000_000)), fc.oneof(notANumber, fc.constantFrom(-1, 1.5, 100_000_001, 2 ** 53)));
const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined, freq: 2 });

/** Text as people type it: plain, padded, blank, or too long. */
const text = (max: number) =>
  field(
    fc.oneof(fc.constantFrom('Contoso', 'MDE', 'Defender for Endpoint', ' padded '), fc.string({ minLength: 1, maxLength: 20 })),
    fc.oneof(notAString, fc.constantFrom('', '   ', 'x'.repeat(max + 1))),
  );
const enumValue = (values: string[]) =>
  field(
    fc.oneof(
      fc.constantFrom(...values),
      fc.constantFrom(...values).map((v) => v.toLowerCase().replace(' ', '-')),
      fc.constantFrom(...values).map((v) => v.toUpperCase()),
    ),
    fc.oneof(notAString, fc.constantFrom('Nope', '')),
  );
const idLike = (good: string[], bad: string[]) => field(fc.constantFrom(...good), fc.oneof(notAString, fc.constantFrom(...bad)));

const usageMonth = fc.record({ month: field(month, badMonth), paidAvailableUnits: count, monthlyActiveUsers: count, extra: fc.constant(1) }, { requiredKeys: [] }).map((m) => {
  // Mostly complete months; sometimes a field missing, or a key no month has.
  const out: Record<string, unknown> = { ...m };
  if (!('extra' in m) || Math.abs(Number(m.paidAvailableUnits) % 7) !== 3) delete out.extra;
  return out;
});
const history = field(
  fc.oneof(
    fc.array(usageMonth, { maxLength: 6 }),
    fc.uniqueArray(month, { maxLength: 6 }).map((ms) => ms.map((m, i) => ({ month: m, paidAvailableUnits: 300 + i, monthlyActiveUsers: 200 }))),
  ),
  fc.oneof(notAString, fc.constant(Array.from({ length: 601 }, (_, i) => ({ month: '2025-01', paidAvailableUnits: i, monthlyActiveUsers: 0 })))),
);

const factsFields = {
  tenantId: optional(idLike([TENANT, ` ${TENANT.toUpperCase()} `], ['not-a-guid', `${TENANT}0`])),
  customerName: optional(text(200)),
  programId: field(fc.constantFrom('security-usage', 'security-usage-fy26', 'modern-work-usage', 'no-such-program'), fc.oneof(notAString, fc.constant(''))),
  asOfDate: field(isoDay, badDay),
  workload: text(100),
  paidAvailableUnits: count,
  monthlyActiveUsers: count,
  licenseProgram: optional(enumValue(['CSP', 'EA', 'CASA', 'MCA-E', 'Web Direct'])),
  cloud: optional(enumValue(['Commercial', 'GCC', 'GCC High', 'DoD'])),
  segment: optional(enumValue(['Commercial', 'Education', 'Public sector', 'Nonprofit'])),
  country: optional(idLike(['US', 'gb', ' de '], ['USA', 'U1', ''])),
  associationType: optional(enumValue(['CPOR OSU', 'CPOR OSA', 'DPOR', 'PAL'])),
  partnerId: optional(idLike(['1234567', ' abc-123 '], ['a b', 'x'.repeat(65), ''])),
  claimingPartnerId: optional(idLike(['7654321'], ['#1'])),
  claimDate: optional(field(isoDay, badDay)),
  claimApprovedDate: optional(field(isoDay, badDay)),
  claimId: optional(text(100)),
  highWaterMark: optional(count),
  paidAvailableUnitsAtClaim: optional(count),
  usageHistory: optional(history),
  poeAcknowledgementDate: optional(field(isoDay, badDay)),
};

const payoutFields = {
  ...factsFields,
  market: optional(enumValue(['A', 'B', 'C'])),
  milestonesPaid: optional(
    field(
      fc.array(fc.record({ milestone: fc.integer({ min: 1, max: 4 }), amountCents: fc.integer({ min: 0, max: 10_000_000 }) }), { maxLength: 3 }),
      fc.oneof(notAString, fc.constant([{ milestone: 0, amountCents: 1 }]), fc.constant([{ milestone: 1, amountCents: 1.5 }]), fc.constant([{ milestone: 1 }])),
    ),
  ),
  paidToDateCents: optional(field(fc.integer({ min: 0, max: 10_000_000 }), fc.oneof(notANumber, fc.constantFrom(-5, 0.5)))),
};

/** Drop the keys drawn as undefined (an absent field), sometimes keeping one given as undefined; sometimes add an unknown key. */
function asInput(record: Record<string, unknown>, keepUndefined: boolean, unknownKey: boolean): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(record)) if (v !== undefined || keepUndefined) input[k] = v;
  if (unknownKey) input.paidAvailableUnit = 5;
  return input;
}

/** A tracked record's fields (PUT /workloads/{tenantId}/{workload}): the facts it keeps, and tracking's own. */
const { tenantId: _t, asOfDate: _a, workload: _w, usageHistory: _h, ...recordFacts } = factsFields;
const trackedFields = {
  ...recordFacts,
  usageMonth: optional(field(month, badMonth)),
  claimStatus: optional(field(fc.constantFrom('none', 'filed', 'approved', 'rejected'), fc.oneof(notAString, fc.constantFrom('Filed', 'pending')))),
  poeReference: optional(text(1000)),
  notes: optional(field(fc.string({ maxLength: 40 }), fc.oneof(notAString, fc.constant('x'.repeat(32 * 1024 + 1))))),
};
/** Claim status and dates mostly agreeing (the record's cross-field rule), sometimes not. */
const trackedInput = fc.tuple(fc.record(trackedFields), fc.boolean(), fc.nat(20), fc.nat(3)).map(([r, keep, n, agree]) => {
  const record: Record<string, unknown> = { ...r };
  if (agree > 0) {
    if (record.claimDate === undefined) {
      record.claimStatus = 'none';
      delete record.claimApprovedDate;
    } else record.claimStatus = record.claimApprovedDate === undefined ? 'filed' : 'approved';
  }
  return asInput(record, keep, n === 0);
});

const factsInput = fc.tuple(fc.record(factsFields), fc.boolean(), fc.nat(20)).map(([r, keep, n]) => asInput(r, keep, n === 0));
const payoutInput = fc.tuple(fc.record(payoutFields), fc.boolean(), fc.nat(20)).map(([r, keep, n]) => asInput(r, keep, n === 0));

function comparePaths(schema: z.ZodType, input: unknown): { fastAccepted: boolean } {
  const fast = fastCheckOf(schema);
  if (fast === undefined) throw new Error('the schema has no fast path');
  const viaFast = fast(input);
  const viaZod = schema.safeParse(input);
  expect({ accepted: viaFast !== SLOW }).toEqual({ accepted: viaZod.success });
  if (viaZod.success) expect(viaFast).toStrictEqual(viaZod.data);
  return { fastAccepted: viaFast !== SLOW };
}

describe('validation fast path against zod (property)', () => {
  it('workload facts: same acceptance and the same parsed values, on valid and invalid input', () => {
    let accepted = 0;
    let runs = 0;
    fc.assert(
      fc.property(factsInput, (input) => {
        runs++;
        if (comparePaths(WorkloadFactsSchema, input).fastAccepted) accepted++;
      }),
      { numRuns: 3000 },
    );
    // Both outcomes were exercised in earnest (the generators are not all-valid or all-invalid).
    expect(accepted).toBeGreaterThan(runs * 0.05);
    expect(accepted).toBeLessThan(runs * 0.95);
  });

  it('payout input: same acceptance and the same parsed values, on valid and invalid input', () => {
    let accepted = 0;
    let runs = 0;
    fc.assert(
      fc.property(payoutInput, (input) => {
        runs++;
        if (comparePaths(PayoutInputSchema, input).fastAccepted) accepted++;
      }),
      { numRuns: 3000 },
    );
    expect(accepted).toBeGreaterThan(runs * 0.05);
    expect(accepted).toBeLessThan(runs * 0.95);
  });

  it('tracked records: same acceptance and the same parsed values, on valid and invalid input', () => {
    let accepted = 0;
    let runs = 0;
    fc.assert(
      fc.property(trackedInput, (input) => {
        runs++;
        if (comparePaths(TrackedWorkloadSchema, input).fastAccepted) accepted++;
      }),
      { numRuns: 3000 },
    );
    expect(accepted).toBeGreaterThan(runs * 0.05);
    expect(accepted).toBeLessThan(runs * 0.95);
  });

  it('inputs that are not objects at all go to the detailed path', () => {
    for (const input of [null, undefined, 5, 'facts', [], [{ programId: 'x' }]]) comparePaths(WorkloadFactsSchema, input);
  });
});

describe('validation fast path: examples', () => {
  const valid = { programId: 'security-usage', asOfDate: '2025-06-30', workload: 'MDE', paidAvailableUnits: 500, monthlyActiveUsers: 300 };

  it('forgives what zod forgives: padded and upper-case IDs, loose enum spellings, months out of order', () => {
    const input = {
      ...valid,
      tenantId: ` ${TENANT.toUpperCase()} `,
      country: ' us ',
      cloud: 'gcc-high',
      usageHistory: [
        { month: '2025-05', paidAvailableUnits: 500, monthlyActiveUsers: 300 },
        { month: '2025-04', paidAvailableUnits: 500, monthlyActiveUsers: 250 },
      ],
    };
    const fast = fastCheckOf(WorkloadFactsSchema)!(input);
    expect(fast).toStrictEqual(WorkloadFactsSchema.parse(input));
    expect(fast).toMatchObject({ tenantId: TENANT, country: 'US', cloud: 'GCC High', licenseProgram: 'CSP', usageHistory: [{ month: '2025-04' }, { month: '2025-05' }] });
  });

  it('says SLOW for a month given twice, and zod names it', () => {
    const input = {
      ...valid,
      usageHistory: [
        { month: '2025-05', paidAvailableUnits: 500, monthlyActiveUsers: 300 },
        { month: '2025-05', paidAvailableUnits: 500, monthlyActiveUsers: 250 },
      ],
    };
    expect(fastCheckOf(WorkloadFactsSchema)!(input)).toBe(SLOW);
    expect(fastCheckOf(UsageHistorySchema)!(input.usageHistory)).toBe(SLOW);
    expect(() => parseWith(WorkloadFactsSchema, input)).toThrow('usageHistory[1].month: 2025-05 appears twice (also at usageHistory[0])');
  });

  it('parseWith still words every problem as zod does when the fast path declines', () => {
    const input = { ...valid, paidAvailableUnits: -3, claimDate: '2025-07-01', extra: 1 };
    let error: unknown;
    try {
      parseWith(WorkloadFactsSchema, input);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EngineInputError);
    const viaZod = WorkloadFactsSchema.safeParse(input);
    expect(viaZod.success).toBe(false);
    expect((error as EngineInputError).issues.map((i) => i.path)).toEqual(expect.arrayContaining(['paidAvailableUnits', 'extra']));
  });

  it('valid facts come out in the one fixed shape, absent fields as undefined', () => {
    const fast = fastCheckOf(WorkloadFactsSchema)!(valid) as Record<string, unknown>;
    expect(Object.keys(fast)).toEqual(Object.keys(WorkloadFactsSchema.parse(valid)));
    expect('claimDate' in fast && fast.claimDate === undefined).toBe(true);
  });
});
