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
  type ClaimAdvice,
  type EligibilityVerdict,
  type EligibilityVerdictJson,
  type ReasonJson,
  type WorkloadContext,
  type WorkloadFacts,
} from '../../shared';
import { csvResponse, wantsCsv } from '../csv/answerCsv';
import { ELIGIBILITY_COLUMNS, type EligibilityRow } from '../csv/columns';
import { programCatalog } from '../storage/catalogSource';
import { batchItems, isBatch, parseItems } from './batch';
import { todayUtc, withDefaults, type DefaultUsed } from './defaults';
import { readJson } from './readJson';
import { handled, json } from './respond';

/** The answer for one workload: the verdict and its advice, as the engine gives them. */
export function eligibilityAnswer(facts: WorkloadFacts, catalog: Catalog): object {
  const ctx = contextFor(catalog, facts);
  return answerFrom(ctx, eligibilityFrom(catalog, ctx), catalog);
}

/** The answer of a verdict already reached (a tracked record's, with the advice its claim's status gives: see evaluateTracked.ts). */
export function answerFrom(ctx: WorkloadContext, verdict: EligibilityVerdict, catalog: Catalog, advice: ClaimAdvice = claimAdviceFrom(catalog, ctx, verdict)): object {
  // The advice's first reason is its main one (code and sentence); the rest add to it.
  // Added to the verdict's JSON object rather than spread into a new one (spreads are slow).
  const answer: EligibilityVerdictJson & { advice?: { action: string; reasons: ReasonJson[] } } = verdict.toJSON();
  answer.advice = { action: advice.action, reasons: reasonsJson(advice.reasons) };
  return answer;
}

/** Facts with the HTTP defaults filled in (defaults.ts); what was filled is noted per item, in order. */
function factsParser(today: string, used: Array<DefaultUsed[] | null>, catalog: Catalog): (item: unknown) => WorkloadFacts {
  return (item) => {
    const d = withDefaults(item, today, catalog);
    used.push(d.used);
    return parseWith(WorkloadFactsSchema, d.item);
  };
}

/** An answer with the defaults it used, when it used any. */
function withUsed(answer: object, used: DefaultUsed[] | null | undefined): object {
  if (used) (answer as { defaultsUsed?: DefaultUsed[] }).defaultsUsed = used;
  return answer;
}

/** Items answered per chunk of a streamed batch response. */
const CHUNK_ITEMS = 250;

/**
 * The answers of a validated batch as JSON, written chunk by chunk: the first verdicts are on
 * their way to the client while the next are evaluated.
 */
async function* batchAnswers(items: WorkloadFacts[], used: Array<DefaultUsed[] | null>, catalog: Catalog): AsyncGenerator<Uint8Array> {
  yield Buffer.from('{"items":[');
  for (let start = 0; start < items.length; start += CHUNK_ITEMS) {
    const end = Math.min(items.length, start + CHUNK_ITEMS);
    let text = start === 0 ? '' : ',';
    for (let i = start; i < end; i++) text += (i === start ? '' : ',') + JSON.stringify(withUsed(eligibilityAnswer(items[i]!, catalog), used[i]));
    yield Buffer.from(text);
  }
  yield Buffer.from(']}');
}

/** The answers of validated facts as CSV rows, a chunk at a time. */
async function* csvRows(items: WorkloadFacts[], catalog: Catalog): AsyncGenerator<EligibilityRow[]> {
  for (let start = 0; start < items.length; start += CHUNK_ITEMS) {
    yield items.slice(start, start + CHUNK_ITEMS).map((facts) => ({ facts, answer: eligibilityAnswer(facts, catalog) as EligibilityRow['answer'] }));
  }
}

export const eligibility = handled(async (request: HttpRequest, _context: InvocationContext): Promise<HttpResponseInit> => {
  const body = await readJson(request);
  const catalog = await programCatalog();
  const used: Array<DefaultUsed[] | null> = [];
  const parseFacts = factsParser(todayUtc(), used, catalog);
  // Every item is validated before the first byte is sent: a bad item is a 400, never half an answer.
  const items = isBatch(body) ? parseItems(batchItems(body), parseFacts) : [parseFacts(body)];
  if (wantsCsv(request)) return csvResponse('eligibility.csv', ELIGIBILITY_COLUMNS, csvRows(items, catalog));
  if (isBatch(body)) return { status: 200, body: batchAnswers(items, used, catalog), headers: { 'content-type': 'application/json; charset=utf-8' } };
  return json(withUsed(eligibilityAnswer(items[0]!, catalog), used[0]));
});
