/**
 * POST /api/v1/eligibility: one workload's facts, or `{ items: [...] }`. Each answer is the
 * engine's eligibility verdict (eligible, sizeBand, usagePct, reasons with Partner Center's
 * codes) with the claim advice for the same facts.
 */
import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import {
  claimAdviceFrom,
  contextFor,
  eligibilityFrom,
  parseWith,
  reasonsJson,
  WorkloadFactsSchema,
  type Catalog,
  type EligibilityVerdict,
  type EligibilityVerdictJson,
  type ReasonJson,
  type WorkloadContext,
  type WorkloadFacts,
} from '../../shared';
import { programCatalog } from '../storage/catalogSource';
import { batchItems, isBatch, parseItems } from './batch';
import { readJson } from './readJson';
import { handled, json } from './respond';

/** The answer for one workload: the verdict and its advice, as the engine gives them. */
export function eligibilityAnswer(facts: WorkloadFacts, catalog: Catalog): object {
  const ctx = contextFor(catalog, facts);
  return answerFrom(ctx, eligibilityFrom(catalog, ctx), catalog);
}

/** The answer of a verdict already reached (a tracked record's, see evaluateTracked.ts). */
export function answerFrom(ctx: WorkloadContext, verdict: EligibilityVerdict, catalog: Catalog): object {
  const advice = claimAdviceFrom(catalog, ctx, verdict);
  // The advice's first reason is its main one (code and sentence); the rest add to it.
  // Added to the verdict's JSON object rather than spread into a new one (spreads are slow).
  const answer: EligibilityVerdictJson & { advice?: { action: string; reasons: ReasonJson[] } } = verdict.toJSON();
  answer.advice = { action: advice.action, reasons: reasonsJson(advice.reasons) };
  return answer;
}

const parseFacts = (item: unknown): WorkloadFacts => parseWith(WorkloadFactsSchema, item);

/** Items answered per chunk of a streamed batch response. */
const CHUNK_ITEMS = 250;

/**
 * The answers of a validated batch as JSON, written chunk by chunk: the first verdicts are on
 * their way to the client while the next are evaluated.
 */
async function* batchAnswers(items: WorkloadFacts[], catalog: Catalog): AsyncGenerator<Uint8Array> {
  yield Buffer.from('{"items":[');
  for (let start = 0; start < items.length; start += CHUNK_ITEMS) {
    const end = Math.min(items.length, start + CHUNK_ITEMS);
    let text = start === 0 ? '' : ',';
    for (let i = start; i < end; i++) text += (i === start ? '' : ',') + JSON.stringify(eligibilityAnswer(items[i]!, catalog));
    yield Buffer.from(text);
  }
  yield Buffer.from(']}');
}

export const eligibility = handled(async (request: HttpRequest, _context: InvocationContext): Promise<HttpResponseInit> => {
  const body = await readJson(request);
  const catalog = await programCatalog();
  if (isBatch(body)) {
    // Every item is validated before the first byte is sent: a bad item is a 400, never half an answer.
    const items = parseItems(batchItems(body), parseFacts);
    return { status: 200, body: batchAnswers(items, catalog), headers: { 'content-type': 'application/json; charset=utf-8' } };
  }
  return json(eligibilityAnswer(parseFacts(body), catalog));
});
