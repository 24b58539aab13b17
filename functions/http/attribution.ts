/**
 * POST /api/v1/attribution: a subscription's partner-of-record timeline, or { items }.
 */
import { partnerOfRecord, type PartnerOfRecordInput } from '../../shared';
import { singleOrBatch } from './batch';

export const attribution = singleOrBatch((input: PartnerOfRecordInput) => partnerOfRecord(input));
