/**
 * Validation's fast path. zod builds a payload, an issue list and a closure call for every
 * field of every item, and most of a 10,000-item batch's validation went to that and to the
 * garbage it leaves. Valid input needs none of it: each field schema here carries a plain
 * check that returns the value zod would give, or SLOW when anything is off (wrong type, a
 * problem to name, a value it is unsure of). Only then does zod run, and zod alone words the
 * errors, so every message and path stays zod's.
 *
 * The checks are attached to the very schemas they mirror (`withFast`), and objects and arrays
 * are assembled from their fields' checks, so a field added to a shape is checked on both
 * paths. test/unit/fastValidation.test.ts compares the two paths on generated valid and
 * invalid input: same acceptance, same parsed values.
 */
import { z } from 'zod';

/** A fast check's answer when the value needs zod's detailed path. */
export const SLOW: unique symbol = Symbol('slow');
export type Slow = typeof SLOW;

/** A check that returns the parsed value, or SLOW. */
export type FastCheck<T = unknown> = (value: unknown) => T | Slow;

const fastChecks = new WeakMap<z.ZodType, FastCheck>();

/** Attach a fast check to a schema (the one returned, after any `.meta()`, which copies it). */
export function withFast<S extends z.ZodType>(schema: S, check: FastCheck<z.output<S>>): S {
  fastChecks.set(schema, check as FastCheck);
  return schema;
}

/**
 * The fast check of a schema, looking through `.optional()` and `.default()`; undefined when
 * the schema (or a field of it) has none.
 */
export function fastCheckOf<S extends z.ZodType>(schema: S): FastCheck<z.output<S>> | undefined {
  const own = fastChecks.get(schema);
  if (own !== undefined) return own as FastCheck<z.output<S>>;
  if (schema instanceof z.ZodOptional) {
    const inner = fastCheckOf(schema.unwrap() as z.ZodType);
    if (inner === undefined) return undefined;
    const check: FastCheck = (value) => (value === undefined ? undefined : inner(value));
    fastChecks.set(schema, check);
    return check as FastCheck<z.output<S>>;
  }
  if (schema instanceof z.ZodDefault) {
    const inner = fastCheckOf(schema.unwrap() as z.ZodType);
    if (inner === undefined) return undefined;
    const def = schema.def as { defaultValue: unknown };
    // zod copies an object default for each parse; a text or number default is the same value every time.
    const fixed = def.defaultValue;
    const check: FastCheck = typeof fixed === 'object' && fixed !== null ? (value) => (value === undefined ? def.defaultValue : inner(value)) : (value) => (value === undefined ? fixed : inner(value));
    fastChecks.set(schema, check);
    return check as FastCheck<z.output<S>>;
  }
  return undefined;
}

/** zod's test of an object input (not null, not an array). */
export function isObjectInput(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The fast check of a strict object of `shape`: an object with no key outside the shape and
 * every field passing its own check. `build` makes the result from the fields' values in the
 * shape's order (a literal of fixed shape: the hot objects pass one); by default the result
 * has the shape's fields in its order, an absent optional one left out and one given as
 * undefined kept as undefined, as zod does. Throws at load when a field has no fast check (a
 * field schema built without `withFast`), so no field is ever silently skipped.
 */
export function fastStrictObject<Shape extends z.core.$ZodLooseShape, T = z.output<z.ZodObject<Shape, z.core.$strict>>>(shape: Shape, build?: (values: unknown[]) => T): FastCheck<T> {
  const keys = Object.keys(shape);
  const n = keys.length;
  // Field positions by name in a prototype-less object: a keyed load here is several times
  // faster than a Map's get, and values go into an array by position (no property stores
  // with changing keys, which cost V8 far more than the checks themselves).
  const position: Record<string, number> = Object.create(null) as Record<string, number>;
  const checks: FastCheck[] = [];
  // Fields whose absence is not simply undefined: required ones (absent is an error) and defaulted ones.
  const filled: number[] = [];
  keys.forEach((key, i) => {
    const schema = shape[key] as z.ZodType;
    const check = fastCheckOf(schema);
    if (check === undefined) throw new Error(`The field ${key} has no fast check: build its schema with withFast (shared/fastPath.ts)`);
    position[key] = i;
    checks.push(check);
    if (!(schema instanceof z.ZodOptional)) filled.push(i);
  });
  return (input) => {
    if (!isObjectInput(input)) return SLOW;
    const values: unknown[] = new Array(n);
    // The keys given, read as zod reads them (for...in, then input[key]).
    for (const key in input) {
      const i = position[key];
      if (i === undefined) return SLOW;
      const v = (checks[i] as FastCheck)(input[key]);
      if (v === SLOW) return SLOW;
      values[i] = v;
    }
    // A required or defaulted field's check never passes undefined: still undefined means not given.
    for (const i of filled) {
      if (values[i] !== undefined) continue;
      const v = (checks[i] as FastCheck)(undefined);
      if (v === SLOW) return SLOW;
      values[i] = v;
    }
    if (build !== undefined) return build(values);
    const out: Record<string, unknown> = {};
    for (let i = 0; i < n; i++) {
      const key = keys[i] as string;
      if (values[i] !== undefined || key in input) out[key] = values[i];
    }
    return out as T;
  };
}

/** The fast check of an array of at most `max` items, each passing `item`: a new array, as zod gives. */
export function fastArray<T>(item: FastCheck<T>, max: number): FastCheck<T[]> {
  return (input) => {
    if (!Array.isArray(input) || input.length > max) return SLOW;
    const out: T[] = new Array(input.length);
    for (let i = 0; i < input.length; i++) {
      const v = item(input[i]);
      if (v === SLOW) return SLOW;
      out[i] = v;
    }
    return out;
  };
}
