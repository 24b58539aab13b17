/**
 * The program catalog the formulas compute with (workbookCatalog.ts, through the page's one
 * registry): which one is in use, a banner while any program year holds the shipped example
 * figures, and loading the team's catalog from the API (on request, when the settings are
 * saved, and at start when a key is saved). After a load the workbook is recalculated.
 */
import { loadSettings } from '../settings';
import { $ } from '../ui/dom';

declare const Excel: { run<T>(fn: (context: { workbook: unknown; sync(): Promise<void> }) => Promise<T>): Promise<T> };

/** The formulas' catalog (functionsEntry.ts: one catalog for the page, whichever bundle asks). */
interface CatalogControl {
  load(apiUrl: string): Promise<unknown>;
  describe(): string;
  exampleYears(): string[];
}

function catalogControl(): CatalogControl {
  return (globalThis as unknown as { PartnerIncentives: { catalog: CatalogControl } }).PartnerIncentives.catalog;
}

/** The catalog in use, and the banner while any program year holds the shipped example figures. */
export function showCatalog(problem?: string): void {
  const control = catalogControl();
  $('catalog-status').textContent = problem ? `${problem} Formulas keep using: ${control.describe()}` : control.describe();
  const examples = control.exampleYears();
  const banner = $('catalog-banner');
  banner.hidden = examples.length === 0;
  banner.textContent =
    examples.length === 0
      ? ''
      : `Amounts use example figures, not your program's (${examples.join(', ')}): load your team's catalog under Connection, or enter the figures of the current incentive guide.`;
}

/** Recalculate the workbook so that every formula uses the catalog just loaded (where Excel allows). */
async function recalculate(): Promise<void> {
  try {
    await Excel.run(async (context) => {
      (context.workbook as { application?: { calculate(type: string): void } }).application?.calculate('Full');
      await context.sync();
    });
  } catch {
    // Outside Excel (or an older host): formulas pick the catalog up at their next calculation.
  }
}

export async function loadCatalog(): Promise<void> {
  $('catalog-status').textContent = 'Loading the catalog...';
  try {
    await catalogControl().load(loadSettings().apiUrl);
    showCatalog();
    await recalculate();
  } catch (e) {
    showCatalog(`Could not load the catalog (${e instanceof Error ? e.message : String(e)}).`);
  }
}

export function startCatalog(): void {
  $('settings').addEventListener('submit', () => {
    if (loadSettings().apiUrl !== '') void loadCatalog();
  });
  $('catalog-load').addEventListener('click', () => void loadCatalog());
  showCatalog();
  if (loadSettings().apiKey !== '') void loadCatalog();
}
