/**
 * Type-level checks that a response schema and the type a handler sends agree both ways:
 *   export type _Check = [Extends<SentType, Out<typeof Schema>>, Extends<Out<typeof Schema>, SentType>];
 * A field renamed, retyped or made required on one side fails `npm run typecheck`. The runtime
 * test (test/api/responsesMatchDocument.test.ts) catches what types cannot, such as a field
 * sent that the schema does not describe.
 */
import type { z } from 'zod';
import type { Reason, ReasonJson } from '../../../shared';

/** Compiles only when `A` is assignable to `B`. */
export type Extends<A extends B, B> = A;

/** What a response schema describes. */
export type Out<S extends z.ZodType> = z.output<S>;

/** An engine result as JSON carries it: each `Reason` written as `{ code, message, ... }`. */
export type Written<T> = T extends Reason ? ReasonJson : T extends readonly (infer U)[] ? Written<U>[] : T extends object ? { [K in keyof T]: Written<T[K]> } : T;
