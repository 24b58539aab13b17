/**
 * Which program year an input means. A year id is taken as it is; a family id needs a date.
 */
import { EngineInputError } from './errors';
import type { Catalog, ResolvedProgram } from './programs/catalog';

export function resolveProgramOrThrow(catalog: Catalog, programId: string, asOfDate: string | undefined): ResolvedProgram {
  const exact = catalog.get(programId);
  if (exact && asOfDate === undefined) return { program: exact, activeOnDate: true };
  if (asOfDate === undefined && catalog.isFamily(programId)) {
    throw new EngineInputError([{ path: 'asOfDate', code: 'custom', message: `is required when programId names a program family ("${programId}"): the date picks the program year` }]);
  }
  // An unknown id is reported by resolve, naming programId.
  return catalog.resolve(programId, asOfDate ?? '');
}
