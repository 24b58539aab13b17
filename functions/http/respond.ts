/**
 * The one adapter between results and HTTP: a value becomes a JSON response, an engine input
 * error becomes a 400 listing every bad field, an HttpProblem becomes its problem details, and
 * anything else (a bug of ours, never the client's input) a 500 problem without internals.
 */
import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { EngineInputError } from '../../shared';
import { EntityExists, EntityInUse, EntityNotFound, EtagRequired, StaleEtag, StorageInputError, StorageUnavailable } from '../storage/storageErrors';
import { BadRequest, Conflict, isHttpProblem, NotFound, PreconditionFailed, PreconditionRequired, PROBLEM_CONTENT_TYPE, ServiceUnavailable, type HttpProblem, type ProblemDetails } from './problems';

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): HttpResponseInit {
  return { status, body: JSON.stringify(body), headers: { 'content-type': 'application/json; charset=utf-8', ...headers } };
}

export function problem(p: ProblemDetails, headers: Record<string, string> = {}): HttpResponseInit {
  return { status: p.status, body: JSON.stringify(p), headers: { 'content-type': PROBLEM_CONTENT_TYPE, ...headers } };
}

/** Map any error to a response: client errors to their status, the rest to a bare 500. */
export function errorResponse(e: unknown, request: HttpRequest, context: InvocationContext): HttpResponseInit {
  const instance = new URL(request.url).pathname;
  if (e instanceof EngineInputError) {
    return problem(new BadRequest(`${e.issues.length} field${e.issues.length === 1 ? '' : 's'} did not pass validation: ${e.message.replace(/^Invalid [^:]*: /, '')}`, e.issues).toProblem(instance));
  }
  const stored = storageProblem(e);
  if (stored) return problem(stored.toProblem(instance), stored.status === 503 ? { 'retry-after': '30' } : {});
  if (isHttpProblem(e)) {
    const headers: Record<string, string> = 'allowed' in e && Array.isArray(e.allowed) ? { allow: e.allowed.join(', ') } : {};
    return problem(e.toProblem(instance), headers);
  }
  context.error(`Unexpected error on ${request.method} ${instance}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  return problem({
    type: 'https://partner-incentives.example/problems/internal',
    title: 'Internal error',
    status: 500,
    detail: `Something went wrong on our side (invocation ${context.invocationId}); the request was valid as far as we can tell.`,
    instance,
  });
}

/** The problem a store error means for the client, if it is one. */
function storageProblem(e: unknown): HttpProblem | null {
  if (e instanceof StorageInputError) return new BadRequest(`${e.field} ${e.problem}.`, [{ path: e.field, code: 'custom', message: e.problem }]);
  if (e instanceof EntityNotFound) return new NotFound(e.message);
  if (e instanceof EntityExists) return new Conflict(e.message);
  if (e instanceof EntityInUse) return new Conflict(e.message);
  if (e instanceof StaleEtag) return new PreconditionFailed(e.message);
  if (e instanceof EtagRequired) return new PreconditionRequired(e.message);
  if (e instanceof StorageUnavailable) return new ServiceUnavailable(`${e.message}. Nothing is lost: try again in a moment.`);
  return null;
}

type Handler = (request: HttpRequest, context: InvocationContext) => Promise<HttpResponseInit>;

/** Wrap a handler so that every error it throws becomes the right problem response. */
export function handled(handler: Handler): Handler {
  return async (request, context) => {
    try {
      return await handler(request, context);
    } catch (e) {
      return errorResponse(e, request, context);
    }
  };
}
