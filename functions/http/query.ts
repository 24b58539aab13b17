/**
 * Query parameters and paged answers, the same for every list endpoint.
 */
import type { HttpRequest } from '@azure/functions';

/** Query parameters as an object, without the API key (`code`). */
export function queryObject(request: HttpRequest): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of request.query.entries()) if (key !== 'code') out[key] = value;
  return out;
}

/**
 * A page as lists answer it: `items`, and while more follow the `continuationToken` and a
 * `nextLink` (this request with the token, without the key).
 */
export function pageBody<T>(request: HttpRequest, items: T[], continuationToken: string | undefined): { items: T[]; continuationToken?: string; nextLink?: string } {
  if (!continuationToken) return { items };
  const next = new URL(request.url);
  next.searchParams.delete('code');
  next.searchParams.set('continuationToken', continuationToken);
  return { items, continuationToken, nextLink: `${next.pathname}${next.search}` };
}
