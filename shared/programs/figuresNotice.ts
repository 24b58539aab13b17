/**
 * Honest answers: the figures we ship are examples of the right shape (the real rate card is
 * behind a partner sign-in), and a program year whose guide is not out yet is an assumption.
 * Every answer computed with such figures says so, in words.
 */
import { reason, type Reason } from '../reasons';
import type { Program } from './schema';

const NONE: readonly Reason[] = [];
/** Built once per program (a reason's message is rendered once and kept): the hot path only pushes. */
const built = new WeakMap<Program, readonly Reason[]>();

/**
 * The reasons saying what the figures of a program are, when they are not the guide's: none
 * for figures the team entered from the incentive guide.
 * @example figuresReasons(shippedFy26)[0].message
 * // => 'Amounts use example figures, not your program's; enter the figures of the current incentive guide (Security usage FY26 holds the examples shipped with the product).'
 */
export function figuresReasons(program: Program): readonly Reason[] {
  if (program.exampleFigures !== true && program.assumedFrom === undefined) return NONE;
  const known = built.get(program);
  if (known !== undefined) return known;
  const out: Reason[] = [];
  if (program.exampleFigures === true) {
    out.push(
      reason(
        'EXAMPLE_PROGRAM_FIGURES',
        { programId: program.id },
        () => `Amounts use example figures, not your program's; enter the figures of the current incentive guide (${program.name} holds the examples shipped with the product).`,
      ),
    );
  }
  const from = program.assumedFrom;
  if (from !== undefined) {
    out.push(
      reason(
        'ASSUMED_PROGRAM_FIGURES',
        { programId: program.id, assumedFrom: from },
        () => `${program.name} is an assumption: the rules of ${from} carried forward until Microsoft publishes its guide; enter its figures when it does.`,
      ),
    );
  }
  built.set(program, out);
  return out;
}

/** `reasons` with the figures' reasons of a program added at the end (the same array when there are none). */
export function withFiguresReasons(reasons: Reason[], program: Program): Reason[] {
  const notes = figuresReasons(program);
  for (let i = 0; i < notes.length; i++) reasons.push(notes[i]!);
  return reasons;
}
