/**
 * Errors a client can cause, one class per HTTP status, and their RFC 9457 problem details.
 * Nothing a client sends ends as a 500: every bad input maps to one of these.
 */
import type { InputIssue } from '../../shared';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** RFC 9457 problem details, with the bad fields of a 400 listed by path. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  /** Every bad field, by path (`items[3].paidAvailableUnits`), with a message. */
  errors?: InputIssue[];
}

export abstract class HttpProblem extends Error {
  abstract readonly status: number;
  abstract readonly title: string;
  readonly type: string;

  constructor(detail: string, type: string) {
    super(detail);
    this.type = type;
  }

  toProblem(instance?: string): ProblemDetails {
    return { type: this.type, title: this.title, status: this.status, detail: this.message, ...(instance ? { instance } : {}) };
  }
}

/** 400: the request could not be understood or did not pass validation. */
export class BadRequest extends HttpProblem {
  readonly status = 400;
  readonly title = 'Bad request';

  constructor(
    detail: string,
    readonly errors: InputIssue[] = [],
    type = 'https://partner-incentives.example/problems/validation',
  ) {
    super(detail, type);
  }

  override toProblem(instance?: string): ProblemDetails {
    return { ...super.toProblem(instance), errors: this.errors };
  }
}

const PROBLEM_TYPES = 'https://partner-incentives.example/problems';

/** A problem class whose instances differ only by their detail. */
function problemKind(status: number, title: string, slug: string) {
  return class extends HttpProblem {
    readonly status = status;
    readonly title = title;
    constructor(detail: string) {
      super(detail, `${PROBLEM_TYPES}/${slug}`);
    }
  };
}

export const Unauthorized = problemKind(401, 'Unauthorized', 'unauthorized');
export const NotFound = problemKind(404, 'Not found', 'not-found');
export const PayloadTooLarge = problemKind(413, 'Payload too large', 'payload-too-large');
export const UnsupportedMediaType = problemKind(415, 'Unsupported media type', 'unsupported-media-type');
export const Conflict = problemKind(409, 'Conflict', 'conflict');
export const PreconditionFailed = problemKind(412, 'Precondition failed', 'stale-etag');
export const PreconditionRequired = problemKind(428, 'Precondition required', 'etag-required');
export const ServiceUnavailable = problemKind(503, 'Service unavailable', 'storage-unavailable');

/** 405, with the methods the route allows (sent as the Allow header). */
export class MethodNotAllowed extends HttpProblem {
  readonly status = 405;
  readonly title = 'Method not allowed';
  constructor(
    detail: string,
    readonly allowed: string[],
  ) {
    super(detail, `${PROBLEM_TYPES}/method-not-allowed`);
  }
}

export function isHttpProblem(e: unknown): e is HttpProblem {
  return e instanceof HttpProblem;
}
