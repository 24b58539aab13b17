/**
 * The functions page's script: registers every custom function with Excel under the ids the
 * metadata declares (CustomFunctions.associate), connects the API-backed ones to the API with
 * the saved settings, and exposes the same objects to the task pane (shared runtime).
 */
import { calculatePayout, checkEligibility, sizeBand } from '../../shared';
import { IncentivesApi } from './apiClient';
import { changesSince, paid, reconciled, tracked, useApi } from './apiFormulas';
import { LOCAL_FORMULAS } from './formulas';
import { loadSettings } from './settings';
import { catalogDescription, catalogOrigin, exampleYears, loadCatalogFromApi, restoreCatalog, workbookCatalog } from './workbookCatalog';

// The catalog kept from the last time the task pane loaded one (before any formula computes).
restoreCatalog();

const api = new IncentivesApi(loadSettings);
useApi(api);

export const ALL_FUNCTIONS: Record<string, (...args: never[]) => unknown> = { ...LOCAL_FORMULAS, TRACKED: tracked, CHANGES_SINCE: changesSince, PAID: paid, RECONCILED: reconciled };

const runtime = (globalThis as { CustomFunctions?: { associate(id: string, fn: (...args: never[]) => unknown): void } }).CustomFunctions;
if (runtime) for (const [id, fn] of Object.entries(ALL_FUNCTIONS)) runtime.associate(id, fn);

// For the task pane (same page in the shared runtime) and the browser benchmark's floor.
(globalThis as Record<string, unknown>).PartnerIncentives = {
  api,
  functions: ALL_FUNCTIONS,
  engine: { checkEligibility, sizeBand, calculatePayout },
  // One catalog for the formulas and the task pane (separate bundles, one page).
  catalog: { load: (apiUrl: string) => loadCatalogFromApi(api, apiUrl), describe: catalogDescription, origin: catalogOrigin, exampleYears: () => exampleYears(workbookCatalog()) },
};
