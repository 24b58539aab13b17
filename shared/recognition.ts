/**
 * R9. Association recognition: given an association type, a product and a metric (net customer
 * add or usage), is the association counted for the partner? The rules are data
 * (programs/data/partner-recognition.json).
 */
import { z } from 'zod';
import { parseWith } from './errors';
import { partnerIdSchema } from './ids';
import { defaultCatalog, type Catalog } from './programs/catalog';
import { reason, type Reason } from './reasons';
import { text } from './validation';
import { associationTypeSchema, licenseProgramSchema, recognitionMetricSchema } from './vocabulary';

export const RecognitionInputSchema = z.strictObject({
  /** The product, as a workload name: "Dynamics 365 Customer Engagement", "Power Apps", "D365 CI"... */
  workload: text('a product or workload name', 100),
  associationType: associationTypeSchema(),
  metric: recognitionMetricSchema(),
  licenseProgram: licenseProgramSchema().optional(),
  /** Our partner ID, to check a CSP association against the transacting partner. */
  partnerId: partnerIdSchema().optional(),
  /** The partner that transacts the CSP subscription (CSP Tier 1 / Tier 2). */
  transactingPartnerId: partnerIdSchema().optional(),
});
export type RecognitionInput = z.input<typeof RecognitionInputSchema>;

export interface RecognitionVerdict {
  counted: boolean;
  workload: string;
  productGroup: string | null;
  metric: string;
  associationType: string;
  /** Association types that count for this product and metric. */
  countedAssociations: string[];
  reasons: Reason[];
}

const METRIC_NAMES = { 'net-customer-add': 'net customer add', usage: 'usage' } as const;

/**
 * @example recognize({ workload: 'Power Apps', associationType: 'CPOR OSU', metric: 'usage' }).counted // => false (PAL only)
 */
export function recognize(input: RecognitionInput, catalog: Catalog = defaultCatalog): RecognitionVerdict {
  const p = parseWith(RecognitionInputSchema, input);
  const rules = catalog.recognition;
  const def = catalog.workloads.resolve(p.workload);
  const name = def ? def.name : p.workload;
  const metricName = METRIC_NAMES[p.metric];
  const group = def ? rules.productGroups.find((g) => g.workloads.includes(def.id)) : undefined;
  const base = { workload: name, metric: p.metric, associationType: p.associationType };
  if (!group) {
    const covered = rules.productGroups.map((g) => g.name).join(', ');
    return {
      ...base,
      counted: false,
      productGroup: null,
      countedAssociations: [],
      reasons: [reason('PRODUCT_NOT_RECOGNIZED', { workload: name }, `${def ? name : `"${p.workload}"`} is not covered by the recognition rules (they cover ${covered}).`)],
    };
  }
  const matching = rules.rules.filter((r) => r.metric === p.metric && r.productGroups.includes(group.id));
  const allowed = [...new Set(matching.flatMap((r) => r.associationTypes))];
  const notes = matching.map((r) => r.note).filter((n): n is string => n !== undefined);
  const verdict = (counted: boolean, reasons: Reason[]): RecognitionVerdict => ({
    ...base,
    counted,
    productGroup: group.name,
    countedAssociations: allowed,
    reasons: [...reasons, ...notes.map((n) => reason(counted ? 'RECOGNIZED' : 'NOT_RECOGNIZED', {}, n))],
  });
  if (allowed.length === 0) {
    return verdict(false, [reason('NOT_RECOGNIZED', {}, `No ${metricName} recognition applies to ${group.name}.`)]);
  }
  if (!allowed.includes(p.associationType)) {
    return verdict(false, [
      reason('NOT_RECOGNIZED', { associationType: p.associationType }, `${group.name} ${metricName} counts ${allowed.join(', ')}; a ${p.associationType} association does not count.`),
    ]);
  }
  const onlyFor = rules.associationLicensePrograms[p.associationType];
  if (onlyFor && p.licenseProgram !== undefined && !onlyFor.includes(p.licenseProgram)) {
    const dpor = p.associationType === 'DPOR';
    const alternatives = allowed.filter((a) => rules.associationLicensePrograms[a]?.includes(p.licenseProgram!) ?? true);
    return verdict(false, [
      reason(
        dpor ? 'DPOR_NOT_FOR_LICENSE_PROGRAM' : 'CSP_TIER_NOT_FOR_LICENSE_PROGRAM',
        { associationType: p.associationType, licenseProgram: p.licenseProgram },
        `${p.associationType} applies to ${onlyFor.join(' and ')} subscriptions only, never ${p.licenseProgram}${alternatives.length > 0 ? `; a ${p.licenseProgram} customer needs ${alternatives.join(' or ')}` : ''}.`,
      ),
    ]);
  }
  const cspTier = p.associationType === 'CSP Tier 1' || p.associationType === 'CSP Tier 2';
  // R9: for a CSP subscription the transacting partner is credited, whatever the association
  // (a CPOR claim included); a transacting partner implies CSP when no license program is given.
  // PAL attributes usage of its own (Power Platform, Customer Insights) and is not a claim.
  const csp = p.licenseProgram === 'CSP' || (p.licenseProgram === undefined && (cspTier || p.transactingPartnerId !== undefined));
  if (csp && p.associationType !== 'PAL' && p.partnerId !== undefined && p.transactingPartnerId !== undefined && p.partnerId !== p.transactingPartnerId) {
    return verdict(false, [
      reason(
        'CSP_TRANSACTED_BY_OTHER_PARTNER',
        { partnerId: p.partnerId, transactingPartnerId: p.transactingPartnerId },
        `Partner ${p.transactingPartnerId} transacts this CSP subscription; the transacting partner is credited, so partner ${p.partnerId} cannot claim it.`,
      ),
    ]);
  }
  const reasons: Reason[] = [reason('RECOGNIZED', { associationType: p.associationType }, `${p.associationType} counts toward ${group.name} ${metricName}.`)];
  if (cspTier && p.metric === 'net-customer-add') {
    reasons.push(
      reason(
        'COUNTED_AUTOMATICALLY',
        { automaticCountDelayDays: rules.automaticCountDelayDays },
        `A new CSP customer is counted automatically; the data can take up to ${rules.automaticCountDelayDays} days to appear.`,
      ),
    );
  }
  return verdict(true, reasons);
}
