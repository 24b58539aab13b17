/**
 * The engine's decisions over HTTP: eligibility with claim advice, payout, size band, POE,
 * partner of record, recognition. Each reads one item or `{ items }` (size band: a query).
 */
import { PartnerOfRecordInputSchema, PayoutBatchInputSchema, PayoutInputSchema, PoeCheckInputSchema, RecognitionInputSchema, WorkloadFactsSchema } from '../../../shared';
import { MAX_BATCH_ITEMS } from '../../http/batch';
import { answer, answerOrCsv, batchOf, bodyProblems, isoDateSchema, problem, ref, requestSchema, withHttpDefaults, singleOrBatchBody, type Area } from '../parts';
import { ELIGIBILITY_COLUMNS } from '../../csv/columns';
import { PartnerOfRecordBatchSchema, PartnerOfRecordVerdictSchema } from '../responses/attribution';
import { EligibilityAnswerBatchSchema, EligibilityAnswerSchema } from '../responses/eligibility';
import { PayoutBatchResultSchema, PayoutResultSchema } from '../responses/payout';
import { PoeVerdictBatchSchema, PoeVerdictSchema } from '../responses/poeCheck';
import { RecognitionVerdictBatchSchema, RecognitionVerdictSchema } from '../responses/recognition';
import { SizeBandAnswerSchema } from '../responses/sizeBand';

export function decisionsArea(): Area {
  const payoutBatch = requestSchema(PayoutBatchInputSchema);
  return {
    paths: {
      '/eligibility': {
        post: {
          operationId: 'checkEligibility',
          summary: 'Eligibility of one workload or a batch, with claim advice',
          requestBody: singleOrBatchBody('WorkloadFacts', 'WorkloadFactsBatch'),
          responses: { '200': answerOrCsv('Verdict(s) with claim advice', 'EligibilityVerdict', 'EligibilityVerdictBatch', ELIGIBILITY_COLUMNS), ...bodyProblems },
        },
      },
      '/payout': {
        post: {
          operationId: 'calculatePayout',
          summary: 'Payout of one workload, or of many with the partner cap applied',
          requestBody: singleOrBatchBody('PayoutInput', 'PayoutBatchInput'),
          responses: {
            '200': answer('Payout with its line-by-line breakdown; for a batch, the payouts and the partner cap of each program year', 'PayoutResult', 'PayoutBatchResult'),
            ...bodyProblems,
          },
        },
      },
      '/size-band': {
        get: {
          operationId: 'sizeBand',
          summary: 'Size band of a PAU in a program',
          parameters: [
            { name: 'programId', in: 'query', required: true, schema: { type: 'string' }, example: 'security-usage-fy25' },
            { name: 'paidAvailableUnits', in: 'query', required: true, schema: { type: 'integer', minimum: 0 }, example: 1200 },
            { name: 'asOfDate', in: 'query', required: false, schema: isoDateSchema, description: 'Needed when programId names a family.' },
          ],
          responses: { '200': answer('Band, range, seats to the next band, reasons', 'SizeBandAnswer'), '400': problem[400], '401': problem[401], '413': problem[413] },
        },
      },
      '/poe-check': {
        post: {
          operationId: 'checkPoe',
          summary: 'Proof of execution, requirement by requirement',
          requestBody: singleOrBatchBody('PoeCheckInput', 'PoeCheckBatch'),
          responses: { '200': answer('POE verdict(s)', 'PoeVerdict', 'PoeVerdictBatch'), ...bodyProblems },
        },
      },
      '/attribution': {
        post: {
          operationId: 'partnerOfRecord',
          summary: 'Partner of record and earning partner from a subscription timeline',
          requestBody: singleOrBatchBody('PartnerOfRecordInput', 'PartnerOfRecordBatch'),
          responses: { '200': answer('Partner of record, periods, event outcomes', 'PartnerOfRecordVerdict', 'PartnerOfRecordVerdictBatch'), ...bodyProblems },
        },
      },
      '/recognition': {
        post: {
          operationId: 'recognize',
          summary: 'Is an association counted for a product and metric',
          requestBody: singleOrBatchBody('RecognitionInput', 'RecognitionBatch'),
          responses: { '200': answer('Recognition verdict(s)', 'RecognitionVerdict', 'RecognitionVerdictBatch'), ...bodyProblems },
        },
      },
    },
    requests: {
      WorkloadFacts: withHttpDefaults(requestSchema(WorkloadFactsSchema)),
      WorkloadFactsBatch: batchOf('WorkloadFacts'),
      PayoutInput: withHttpDefaults(requestSchema(PayoutInputSchema)),
      PayoutBatchInput: { ...payoutBatch, properties: { ...(payoutBatch.properties as object), items: { type: 'array', minItems: 1, maxItems: MAX_BATCH_ITEMS, items: ref('PayoutInput') } } },
      PoeCheckInput: requestSchema(PoeCheckInputSchema),
      PoeCheckBatch: batchOf('PoeCheckInput'),
      PartnerOfRecordInput: requestSchema(PartnerOfRecordInputSchema),
      PartnerOfRecordBatch: batchOf('PartnerOfRecordInput'),
      RecognitionInput: requestSchema(RecognitionInputSchema),
      RecognitionBatch: batchOf('RecognitionInput'),
    },
    responses: {
      EligibilityVerdict: EligibilityAnswerSchema,
      EligibilityVerdictBatch: EligibilityAnswerBatchSchema,
      PayoutResult: PayoutResultSchema,
      PayoutBatchResult: PayoutBatchResultSchema,
      SizeBandAnswer: SizeBandAnswerSchema,
      PoeVerdict: PoeVerdictSchema,
      PoeVerdictBatch: PoeVerdictBatchSchema,
      PartnerOfRecordVerdict: PartnerOfRecordVerdictSchema,
      PartnerOfRecordVerdictBatch: PartnerOfRecordBatchSchema,
      RecognitionVerdict: RecognitionVerdictSchema,
      RecognitionVerdictBatch: RecognitionVerdictBatchSchema,
    },
  };
}
