/**
 * POST /api/v1/eligibility: one workload's facts, or `{ items: [...] }`. Each answer is the
 * engine's eligibility verdict (eligible, sizeBand, usagePct, reasons with Partner Center's
 * codes) with the claim advice for the same facts.
 */
import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { claimAdviceFrom, contextFor, defaultCatalog, eligibilityFrom, parseWith, reasonsJson, WorkloadFactsSchema, type WorkloadFacts } from '../../shared';
import { batchItems, isBatch, parseItems } from './batch';
import { readJson } from './readJson';
import { handled, json } from './respond';

/** The answer for one workload: the verdict and its advice, as the engine gives them. */
export function eligibilityAnswer(facts: WorkloadFacts): object {
  const ctx = contextFor(defaultCatalog, facts);
  const verdict = eligibilityFrom(defaultCatalog, ctx);
  const advice = claimAdviceFrom(defaultCatalog, ctx, verdict);
  // The advice's first reason is its main one (code and sentence); the rest add to it.
  return { ...verdict.toJSON(), advice: { action: advice.action, reasons: reasonsJson(advice.reasons) } };
}

const parseFacts = (item: unknown): WorkloadFacts => parseWith(WorkloadFactsSchema, item);

export const eligibility = handled(async (request: HttpRequest, _context: InvocationContext): Promise<HttpResponseInit> => {
  const body = await readJson(request);
  if (isBatch(body)) return json({ items: parseItems(batchItems(body), parseFacts).map(eligibilityAnswer) });
  return json(eligibilityAnswer(parseFacts(body)));
});
