/**
 * R11. Proof of execution, judged as a whole (documents and claim comments together),
 * requirement by requirement, before the claim is submitted.
 */
import { z } from 'zod';
import { acknowledgementAge } from './acknowledgementAge';
import { addMonthsIso } from './dates';
import { parseWith } from './errors';
import { countrySchema, partnerIdSchema, tenantIdSchema } from './ids';
import { defaultCatalog, programIdSchema, type Catalog } from './programs/catalog';
import { reason, type Reason } from './reasons';
import { count, isoDate, text } from './validation';
import { activityTypeSchema, segmentSchema, type ActivityType } from './vocabulary';

export const PoeCheckInputSchema = z
  .strictObject({
    programId: programIdSchema(),
    /** The date the claim is (or will be) filed. */
    claimDate: isoDate(),
    partnerId: partnerIdSchema(),
    tenantId: tenantIdSchema(),
    /** Workloads the claim is for. */
    workloads: z.array(text('a workload name', 100)).min(1, { error: 'needs at least one claimed workload' }).max(50),
    /** Date of the customer's signature or e-signature acknowledging the engagement. */
    acknowledgementDate: isoDate().optional(),
    /** Workloads the documents name. */
    workloadsNamed: z.array(text('a workload name', 100)).max(50).default([]),
    /** Customer-specific scope. */
    userCount: count('users').optional(),
    customerNeed: text('a description of the customer need', 2000).optional(),
    engagementStartDate: isoDate().optional(),
    engagementEndDate: isoDate().optional(),
    sessionCount: count('sessions').optional(),
    /** True when the scope is a generic, copy-pasted feature list. */
    genericFeatureList: z.boolean().default(false),
    /** Partner ID and tenant named in the documents. */
    partnerIdNamed: partnerIdSchema().optional(),
    tenantIdNamed: tenantIdSchema().optional(),
    segment: segmentSchema().default('Commercial'),
    country: countrySchema().optional(),
    /** The customer was told the partner may earn fees. */
    feeDisclosure: z.boolean().default(false),
    /** Kinds of work the documents show (remote counts as much as on-site). */
    activities: z.array(activityTypeSchema()).max(50).default([]),
  })
  .check((ctx) => {
    const v = ctx.value;
    if (v.engagementStartDate !== undefined && v.engagementEndDate !== undefined && v.engagementEndDate < v.engagementStartDate) {
      ctx.issues.push({ code: 'custom', path: ['engagementEndDate'], message: `${v.engagementEndDate} is before engagementStartDate ${v.engagementStartDate}: dates are out of order`, input: v });
    }
  });
export type PoeCheckInput = z.input<typeof PoeCheckInputSchema>;

export const POE_REQUIREMENTS = ['acknowledgement', 'workloads', 'scope', 'parties', 'fee-disclosure', 'activities', 'engagement-dates'] as const;
export type PoeRequirement = (typeof POE_REQUIREMENTS)[number];

export interface PoeRequirementResult {
  requirement: PoeRequirement;
  /** True only when the requirement is met; false when it fails or cannot be checked. */
  passed: boolean;
  /** 'unknown' when the facts given cannot decide it (e.g. a public-sector customer without a country). */
  status: 'passed' | 'failed' | 'unknown';
  reasons: Reason[];
}

export interface PoeVerdict {
  passed: boolean;
  /** Short labels of what is missing, empty when the POE passes. */
  missing: string[];
  /** Short labels of what cannot be checked with the facts given, and what to give. */
  unknown: string[];
  /** "OK", or what is missing or unknown in one line (the spreadsheet's answer). */
  summary: string;
  requirements: PoeRequirementResult[];
  reasons: Reason[];
}

const MISSING_LABEL: Record<PoeRequirement, string> = {
  acknowledgement: 'customer acknowledgement',
  workloads: 'claimed workloads in the documents',
  scope: 'customer-specific scope',
  parties: 'matching partner and customer',
  'fee-disclosure': 'fee disclosure',
  activities: 'qualifying activity',
  'engagement-dates': 'engagement dates',
};

/** What to give so that a requirement that cannot be checked can be. */
const UNKNOWN_NEEDS: Partial<Record<PoeRequirement, string>> = {
  'fee-disclosure': "give the public-sector customer's country",
};

/**
 * @example checkPoe({ programId: 'security-usage', claimDate: '2025-03-15', partnerId: '1234567',
 *   tenantId: '...', workloads: ['MDE'], acknowledgementDate: '2024-03-15', ... }).summary
 * // => "OK" (exactly 12 months old at claim still counts; a day older does not)
 */
export function checkPoe(input: PoeCheckInput, catalog: Catalog = defaultCatalog): PoeVerdict {
  const p = parseWith(PoeCheckInputSchema, input);
  const { program } = catalog.resolve(p.programId, p.claimDate);
  const rules = program.poe;
  const results: PoeRequirementResult[] = [];
  const add = (requirement: PoeRequirement, passed: boolean, ...reasons: Reason[]) => results.push({ requirement, passed, status: passed ? 'passed' : 'failed', reasons });

  // A signed acknowledgement dated within the months before the claim.
  const maxAge = rules.acknowledgementMaxAgeMonths;
  if (p.acknowledgementDate === undefined) {
    add(
      'acknowledgement',
      false,
      reason(
        'POE_ACKNOWLEDGEMENT_MISSING',
        { maxAgeMonths: maxAge },
        `There is no customer acknowledgement (signature or e-signature); one dated within the ${maxAge} months before the claim is required.`,
      ),
    );
  } else if (p.acknowledgementDate > p.claimDate) {
    add(
      'acknowledgement',
      false,
      reason(
        'POE_ACKNOWLEDGEMENT_AFTER_CLAIM',
        { acknowledgementDate: p.acknowledgementDate, claimDate: p.claimDate },
        `The acknowledgement of ${p.acknowledgementDate} is dated after the ${p.claimDate} claim; it must exist when the claim is filed.`,
      ),
    );
  } else {
    const age = acknowledgementAge(p.acknowledgementDate, p.claimDate, maxAge);
    if (!age.withinWindow) {
      add(
        'acknowledgement',
        false,
        reason(
          'POE_ACKNOWLEDGEMENT_TOO_OLD',
          { acknowledgementDate: p.acknowledgementDate, claimDate: p.claimDate, maxAgeMonths: maxAge, lastValidDate: age.lastValidDate },
          `The acknowledgement of ${p.acknowledgementDate} is ${age.text} old on the ${p.claimDate} claim, older than the ${maxAge} months allowed (it counted for claims filed up to ${age.lastValidDate}); get a new one.`,
        ),
      );
    } else {
      add(
        'acknowledgement',
        true,
        reason(
          'POE_ACKNOWLEDGEMENT_OK',
          { acknowledgementDate: p.acknowledgementDate, claimDate: p.claimDate, maxAgeMonths: maxAge, lastValidDate: age.lastValidDate },
          `The acknowledgement of ${p.acknowledgementDate} is within the ${maxAge} months before the ${p.claimDate} claim (${age.text} old; it counts for claims filed up to ${age.lastValidDate}).`,
        ),
      );
    }
  }

  // The documents name the workloads claimed.
  const key = (name: string) => catalog.workloads.resolve(name)?.id ?? name.trim().toLowerCase();
  const display = (name: string) => catalog.workloads.resolve(name)?.name ?? name;
  const named = new Set(p.workloadsNamed.map(key));
  const notNamed = p.workloads.filter((w) => !named.has(key(w)));
  if (notNamed.length > 0) {
    add(
      'workloads',
      false,
      reason(
        'POE_WORKLOADS_MISSING',
        { workloads: notNamed.map(display) },
        `The documents do not name ${notNamed.map(display).join(', ')}; the workloads in the POE must match the workloads claimed.`,
      ),
    );
  } else {
    add('workloads', true, reason('POE_WORKLOADS_MATCH', { workloads: p.workloads.map(display) }, `The documents name every workload claimed (${p.workloads.map(display).join(', ')}).`));
  }

  // A customer-specific scope, not a generic feature list.
  const scopeMissing: string[] = [];
  if (p.userCount === undefined) scopeMissing.push('user counts');
  if (p.customerNeed === undefined) scopeMissing.push("the customer's need");
  if (p.engagementStartDate === undefined) scopeMissing.push('engagement start date');
  if (p.engagementEndDate === undefined) scopeMissing.push('engagement end date');
  if (p.sessionCount === undefined) scopeMissing.push('number of sessions');
  const scopeReasons: Reason[] = [];
  if (p.genericFeatureList)
    scopeReasons.push(reason('POE_SCOPE_GENERIC', {}, "The scope is a generic, copy-pasted feature list; it is rejected. Describe this customer's users, need, dates and sessions."));
  if (scopeMissing.length > 0) scopeReasons.push(reason('POE_SCOPE_INCOMPLETE', { missing: scopeMissing }, `The scope lacks ${scopeMissing.join(', ')}.`));
  if (scopeReasons.length > 0) add('scope', false, ...scopeReasons);
  else
    add(
      'scope',
      true,
      reason(
        'POE_SCOPE_OK',
        { userCount: p.userCount!, sessionCount: p.sessionCount!, engagementStartDate: p.engagementStartDate!, engagementEndDate: p.engagementEndDate! },
        `The scope is customer-specific: ${p.userCount} users, the customer's need, dates ${p.engagementStartDate} to ${p.engagementEndDate}, ${p.sessionCount} sessions.`,
      ),
    );

  // The partner and customer named match the claim.
  const partyReasons: Reason[] = [];
  if (p.partnerIdNamed !== p.partnerId) {
    partyReasons.push(
      reason(
        'POE_PARTNER_MISMATCH',
        { partnerId: p.partnerId, partnerIdNamed: p.partnerIdNamed ?? null },
        p.partnerIdNamed === undefined ? `The documents do not name the claiming partner ${p.partnerId}.` : `The documents name partner ${p.partnerIdNamed}, not the claiming partner ${p.partnerId}.`,
      ),
    );
  }
  if (p.tenantIdNamed !== p.tenantId) {
    partyReasons.push(
      reason(
        'POE_TENANT_MISMATCH',
        { tenantId: p.tenantId, tenantIdNamed: p.tenantIdNamed ?? null },
        p.tenantIdNamed === undefined ? `The documents do not name the customer tenant ${p.tenantId}.` : `The documents name tenant ${p.tenantIdNamed}, not the claim's tenant ${p.tenantId}.`,
      ),
    );
  }
  if (partyReasons.length > 0) add('parties', false, ...partyReasons);
  else add('parties', true, reason('POE_PARTIES_MATCH', { partnerId: p.partnerId, tenantId: p.tenantId }, `The documents name partner ${p.partnerId} and tenant ${p.tenantId}, as the claim does.`));

  // Fee disclosure for public-sector customers in the listed countries.
  const needsDisclosure = p.segment === 'Public sector' && p.country !== undefined && rules.feeDisclosureCountries.includes(p.country);
  if (p.segment === 'Public sector' && p.country === undefined) {
    // DOMAIN decision: without the country the disclosure cannot be checked, so it is not "OK".
    results.push({
      requirement: 'fee-disclosure',
      passed: false,
      status: 'unknown',
      reasons: [
        reason(
          'POE_DISCLOSURE_UNKNOWN',
          { countries: rules.feeDisclosureCountries },
          `Whether a fee disclosure is required is unknown: give the country of this public-sector customer (it is required in ${rules.feeDisclosureCountries.join(', ')})${p.feeDisclosure ? '; the documents do show one' : ''}.`,
        ),
      ],
    });
  } else if (!needsDisclosure) {
    add(
      'fee-disclosure',
      true,
      reason(
        'POE_DISCLOSURE_NOT_NEEDED',
        { countries: rules.feeDisclosureCountries },
        `No fee disclosure is needed (required only for public-sector customers in ${rules.feeDisclosureCountries.join(', ')}).`,
      ),
    );
  } else if (!p.feeDisclosure) {
    add(
      'fee-disclosure',
      false,
      reason('POE_DISCLOSURE_MISSING', { country: p.country! }, `A public-sector customer in ${p.country} must be told that the partner may earn fees; the documents show no such disclosure.`),
    );
  } else {
    add('fee-disclosure', true, reason('POE_DISCLOSURE_OK', { country: p.country! }, `The public-sector customer in ${p.country} was told that the partner may earn fees.`));
  }

  // At least one activity that counts for the program.
  const counting = new Set<ActivityType>(rules.countingActivities);
  const good = [...new Set(p.activities.filter((a) => counting.has(a)))];
  const other = [...new Set(p.activities.filter((a) => !counting.has(a)))];
  if (good.length === 0) {
    add(
      'activities',
      false,
      reason(
        'POE_NO_COUNTING_ACTIVITY',
        { activities: other },
        `${other.length > 0 ? `${other.join(', ')} ${other.length === 1 ? 'does' : 'do'} not count on ${other.length === 1 ? 'its' : 'their'} own` : 'No activity is described'}; ${program.name} needs deployment, implementation or configuration work, or substantial adoption and change management aimed at admins (${rules.countingActivities.join(', ')}).`,
      ),
    );
  } else {
    add(
      'activities',
      true,
      reason(
        'POE_ACTIVITIES_OK',
        { activities: good },
        `${good.join(', ')} count${good.length === 1 ? 's' : ''} for ${program.name}${other.length > 0 ? ` (${other.join(', ')} do${other.length === 1 ? 'es' : ''} not)` : ''}; remote work counts as much as on-site.`,
      ),
    );
  }

  // The engagement is ongoing or within the lookback; planned work with dates is fine.
  const lookback = rules.engagementLookbackMonths;
  if (p.engagementEndDate === undefined) {
    add('engagement-dates', false, reason('POE_ENGAGEMENT_DATES_MISSING', {}, 'The engagement has no end date (planned dates are fine); without dates it cannot be judged recent.'));
  } else {
    const earliest = addMonthsIso(p.claimDate, -lookback);
    if (p.engagementEndDate < earliest) {
      add(
        'engagement-dates',
        false,
        reason(
          'POE_ENGAGEMENT_TOO_OLD',
          { engagementEndDate: p.engagementEndDate, lookbackMonths: lookback, claimDate: p.claimDate, earliestDate: earliest },
          `The engagement ended on ${p.engagementEndDate}, more than ${lookback} months before the ${p.claimDate} claim (on or after ${earliest} counts).`,
        ),
      );
    } else {
      const ongoing = p.engagementEndDate >= p.claimDate;
      add(
        'engagement-dates',
        true,
        reason(
          'POE_ENGAGEMENT_DATES_OK',
          ongoing ? { engagementEndDate: p.engagementEndDate } : { engagementEndDate: p.engagementEndDate, lookbackMonths: lookback },
          ongoing
            ? `The engagement is ongoing or planned to ${p.engagementEndDate}; work need not be finished at claim time.`
            : `The engagement ended on ${p.engagementEndDate}, within the ${lookback} months before the claim.`,
        ),
      );
    }
  }

  const failed = results.filter((r) => r.status === 'failed');
  const undecided = results.filter((r) => r.status === 'unknown');
  const missing = failed.map((r) => MISSING_LABEL[r.requirement]);
  const unknown = undecided.map((r) => `${MISSING_LABEL[r.requirement]} (${UNKNOWN_NEEDS[r.requirement]})`);
  const summary = [missing.length > 0 ? `Missing: ${missing.join('; ')}` : '', unknown.length > 0 ? `Unknown: ${unknown.join('; ')}` : ''].filter((t) => t !== '').join('. ');
  return {
    passed: failed.length === 0 && undecided.length === 0,
    missing,
    unknown,
    summary: summary === '' ? 'OK' : summary,
    requirements: results,
    reasons: [...failed.flatMap((r) => r.reasons), ...undecided.flatMap((r) => r.reasons), ...results.filter((r) => r.passed).flatMap((r) => r.reasons)],
  };
}
