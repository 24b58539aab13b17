/**
 * GET /api/v1/workloads-catalog: every workload the engine knows, the program families and
 * years that pay for it (or only recognise it), and every name it is accepted by; the suites
 * refused as suites and the products no program pays for. What an analyst reads when a name
 * in a file is refused.
 */
import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import type { Catalog } from '../../shared';
import { programCatalog } from '../storage/catalogSource';
import { handled, json } from './respond';

/** The catalog's workloads as the route answers them. */
export function workloadsCatalog(catalog: Catalog) {
  const { workloads } = catalog;
  return {
    matching:
      'Names match ignoring case, spaces and punctuation, with or without a leading "Microsoft", and with plan suffixes ("P1", "P2", "Plan 1", "(Plan 2)", "Premium") left out when the name without them is known.',
    workloads: workloads.definitions.map((w) => {
      const paying = catalog.programs.filter((p) => p.workloads.includes(w.id));
      const recognising = catalog.programs.filter((p) => p.recognitionOnlyWorkloads.includes(w.id));
      return {
        id: w.id,
        name: w.name,
        families: [...new Set(paying.map((p) => p.family))],
        programs: paying.map((p) => p.id),
        recognitionOnlyPrograms: recognising.map((p) => p.id),
        acceptedNames: workloads.acceptedNames(w.id),
      };
    }),
    suites: workloads.suites.map((s) => ({ name: s.name, acceptedNames: [s.name, ...s.aliases], includes: s.includes })),
    untracked: workloads.untracked.map((u) => ({ name: u.name, acceptedNames: [u.name, ...u.aliases] })),
  };
}

export const getWorkloadsCatalog = handled(async (_request: HttpRequest, _context: InvocationContext): Promise<HttpResponseInit> => json(workloadsCatalog(await programCatalog())));
