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

export class Unauthorized extends HttpProblem {
  readonly status = 401;
  readonly title = 'Unauthorized';
  constructor(detail: string) {
    super(detail, 'https://partner-incentives.example/problems/unauthorized');
  }
}

export class NotFound extends HttpProblem {
  readonly status = 404;
  readonly title = 'Not found';
  constructor(detail: string) {
    super(detail, 'https://partner-incentives.example/problems/not-found');
  }
}

export class MethodNotAllowed extends HttpProblem {
  readonly status = 405;
  readonly title = 'Method not allowed';
  constructor(
    detail: string,
    readonly allowed: string[],
  ) {
    super(detail, 'https://partner-incentives.example/problems/method-not-allowed');
  }
}

export class PayloadTooLarge extends HttpProblem {
  readonly status = 413;
  readonly title = 'Payload too large';
  constructor(detail: string) {
    super(detail, 'https://partner-incentives.example/problems/payload-too-large');
  }
}

export class UnsupportedMediaType extends HttpProblem {
  readonly status = 415;
  readonly title = 'Unsupported media type';
  constructor(detail: string) {
    super(detail, 'https://partner-incentives.example/problems/unsupported-media-type');
  }
}

export function isHttpProblem(e: unknown): e is HttpProblem {
  return e instanceof HttpProblem;
}
