/**
 * Which program year an input means. A year id is taken as it is; a family id needs a date.
 */
import { EngineInputError } from './errors';
import type { Catalog, ResolvedProgram } from './programs/catalog';

export function resolveProgramOrThrow(catalog: Catalog, programId: string, asOfDate: string | undefined): ResolvedProgram {
  const exact = catalog.get(programId);
  if (exact && asOfDate === undefined) return { program: exact, activeOnDate: true };
  if (asOfDate === undefined) {
    // Family ids need a date to pick the year; resolve once to report unknown ids first.
    catalog.resolve(programId, '2000-01-01');
    throw new EngineInputError([
      { path: 'asOfDate', code: 'custom', message: `is required when programId names a program family ("${programId}"): the date picks the program year` },
    ]);
  }
  return catalog.resolve(programId, asOfDate);
}
