/**
 * Batch bodies: wherever a single item is accepted, `{ items: [...] }` is too. Every item is
 * validated first; any bad item fails the request with each bad field named by its path
 * (`items[3].paidAvailableUnits`), so nothing is half-applied.
 */
import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { EngineInputError, type InputIssue } from '../../shared';
import { readJson } from './readJson';
import { handled, json } from './respond';

/** The most items one request may carry. */
export const MAX_BATCH_ITEMS = 10_000;

export function isBatch(body: unknown): body is { items: unknown } {
  return typeof body === 'object' && body !== null && !Array.isArray(body) && 'items' in body;
}

/** The items of a batch body, checked for shape and size. */
export function batchItems(body: { items: unknown }): unknown[] {
  const items = body.items;
  if (!Array.isArray(items)) throw new EngineInputError([{ path: 'items', code: 'invalid_type', message: 'must be a list of items' }]);
  if (items.length === 0) throw new EngineInputError([{ path: 'items', code: 'too_small', message: 'needs at least one item' }]);
  if (items.length > MAX_BATCH_ITEMS) {
    throw new EngineInputError([{ path: 'items', code: 'too_big', message: `holds ${items.length} items; at most ${MAX_BATCH_ITEMS} per request` }]);
  }
  return items;
}

/** Validate every item with `parse`, naming each bad field by its item's index. */
export function parseItems<T>(items: unknown[], parse: (item: unknown) => T): T[] {
  const parsed: T[] = new Array(items.length);
  let issues: InputIssue[] | null = null;
  for (let i = 0; i < items.length; i++) {
    try {
      parsed[i] = parse(items[i]);
    } catch (e) {
      if (!(e instanceof EngineInputError)) throw e;
      issues ??= [];
      for (const issue of e.issues) issues.push({ ...issue, path: `items[${i}]${issue.path ? `.${issue.path}` : ''}` });
    }
  }
  if (issues !== null) throw new EngineInputError(issues);
  return parsed;
}

/** A thin handler of an engine question: one item answered, or each item of `{ items }` in order. */
export function singleOrBatch<I, O>(answer: (input: I) => O) {
  return handled(async (request: HttpRequest, _context: InvocationContext): Promise<HttpResponseInit> => {
    const body = await readJson(request);
    if (isBatch(body)) return json({ items: parseItems(batchItems(body), (item) => answer(item as I)) });
    return json(answer(body as I));
  });
}
