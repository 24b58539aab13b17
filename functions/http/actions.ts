/**
 * GET /api/v1/actions?asOfDate=&tenantId=&kind=&pageSize=&continuationToken=
 * This week's work list: one line per thing to do across the tracked workloads, ranked by the
 * money at stake and then by the deadline (shared/workList.ts over the one evaluator, in
 * storage/workListOf.ts). Paged by rank; `Accept: text/csv` answers the page as CSV.
 */
import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { z } from 'zod';
import { isoDate, parseWith, tenantIdSchema, WORK_ACTIONS } from '../../shared';
import { trackedStore } from '../storage/trackedStore';
import { readWorkList, workloadPath } from '../storage/workListOf';
import { csvResponse, wantsCsv } from '../csv/answerCsv';
import { ACTION_COLUMNS } from '../csv/columns';
import { pageBody, pageSizeParam, queryObject } from './query';
import { handled, json } from './respond';
import { todayUtc } from './workloads';

export const MAX_ACTIONS_PAGE = 1000;

/** The continuation token of a page: where the next page starts, in rank order. */
const rankToken = z
  .string()
  .max(20)
  .regex(/^r\d{1,9}$/, { error: 'is not a continuation token this list gave (pass back the one of the previous page)' })
  .transform((t) => Number(t.slice(1)));

const ActionsQuery = z.strictObject({
  asOfDate: isoDate().optional(),
  tenantId: tenantIdSchema().optional(),
  kind: z.enum(WORK_ACTIONS, { error: `must be one of ${WORK_ACTIONS.join(', ')}` }).optional(),
  pageSize: pageSizeParam(MAX_ACTIONS_PAGE).optional(),
  continuationToken: rankToken.optional(),
});

export const listActions = handled(async (request: HttpRequest, _context: InvocationContext): Promise<HttpResponseInit> => {
  const { asOfDate = todayUtc(), tenantId, kind, pageSize = 100, continuationToken: start = 0 } = parseWith(ActionsQuery, queryObject(request));
  const store = await trackedStore();
  const read = await readWorkList(store, asOfDate, { tenantId });
  const ranked = read.lines.map((line, i) => ({ rank: i + 1, ...line, link: workloadPath(line.tenantId, line.workload) })).filter((l) => kind === undefined || l.action === kind);
  const page = ranked.slice(start, start + pageSize);
  const next = start + pageSize < ranked.length ? `r${start + pageSize}` : undefined;
  if (wantsCsv(request)) {
    const file = csvResponse(
      'work-list.csv',
      ACTION_COLUMNS,
      (async function* () {
        yield page;
      })(),
    );
    return next ? { ...file, headers: { ...(file.headers as Record<string, string>), 'x-continuation-token': next } } : file;
  }
  return json({ asOfDate, total: ranked.length, workloadsRead: read.workloads, workloadsNotJudged: read.notJudged, ...pageBody(request, page, next) });
});
