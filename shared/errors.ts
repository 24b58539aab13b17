/**
 * Bad input is an error that names each bad field; it is never a NaN, a crash or a silently
 * wrong number. Detection (zod) is separate from presentation (this module).
 */
import { z } from 'zod';
import { fastCheckOf, SLOW } from './fastPath';

export interface InputIssue {
  /** Where the problem is, e.g. `paidAvailableUnits` or `usageHistory[2].month` (zod's `toDotPath`). */
  path: string;
  /** zod's issue code (`invalid_type`, `too_small`, `custom`, ...). */
  code: string;
  /** A sentence a user understands, naming the field. */
  message: string;
}

/** Thrown by every public engine function when its input does not pass its schema. */
export class EngineInputError extends Error {
  readonly issues: InputIssue[];

  constructor(issues: InputIssue[], subject = 'input') {
    const first = issues
      .slice(0, 3)
      .map((i) => `${i.path || subject}: ${i.message}`)
      .join('; ');
    const more = issues.length > 3 ? ` (and ${issues.length - 3} more)` : '';
    super(`Invalid ${subject}: ${first}${more}`);
    this.name = 'EngineInputError';
    this.issues = issues;
  }
}

/** Program data that does not pass the program schema: rejected at load. */
export class ProgramDataError extends EngineInputError {
  constructor(issues: InputIssue[]) {
    super(issues, 'program data');
    this.name = 'ProgramDataError';
  }
}

export function isEngineInputError(e: unknown): e is EngineInputError {
  return e instanceof EngineInputError;
}

export function toInputIssues(error: z.ZodError): InputIssue[] {
  const issues: InputIssue[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        issues.push({
          path: z.core.toDotPath([...issue.path, key]),
          code: issue.code,
          message: `is not a field this accepts (check the spelling)`,
        });
      }
      continue;
    }
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      // Report the branch that got furthest (most specific) rather than "invalid input".
      const best = issue.errors.reduce((a, b) => (a.length <= b.length ? a : b));
      for (const inner of best) {
        issues.push({ path: z.core.toDotPath([...issue.path, ...inner.path]), code: inner.code, message: inner.message });
      }
      continue;
    }
    issues.push({ path: z.core.toDotPath(issue.path), code: issue.code, message: issue.message });
  }
  return issues;
}

/**
 * Parse input with a schema, throwing an EngineInputError that names each bad field. A schema
 * with a fast path (fastPath.ts) takes it first; zod runs only when that says SLOW.
 * @example parseWith(SizeBandInputSchema, { paidAvailableUnits: -1 }) // throws: paidAvailableUnits: cannot be negative, got -1
 */
export function parseWith<S extends z.ZodType>(schema: S, input: unknown, subject = 'input'): z.output<S> {
  const fast = fastCheckOf(schema);
  if (fast !== undefined) {
    const value = fast(input);
    if (value !== SLOW) return value;
  }
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new EngineInputError(toInputIssues(result.error), subject);
}
