/**
 * The catalog the workbook computes with. Connected, the task pane loads the team's stored
 * catalog from the API (GET /api/v1/catalog) and keeps it in the add-in's storage, so the
 * formulas use it offline too, after a restart; with nothing loaded they use the shipped
 * example figures, and say so (=PI.CATALOG(), the task pane's banner, and the
 * EXAMPLE_PROGRAM_FIGURES reason of every answer computed with them).
 */
import { defaultCatalog, loadCatalog, type Catalog, type CatalogData } from '../../shared';
import type { IncentivesApi } from './apiClient';

const CATALOG_KEY = 'partnerIncentives.catalog';

/** Where the workbook's catalog came from and when. */
export interface CatalogOrigin {
  /** The API it was loaded from (null: the shipped examples). */
  apiUrl: string | null;
  /** When it was loaded (ISO), null for the shipped one. */
  loadedAt: string | null;
}

interface Kept {
  data: CatalogData;
  origin: CatalogOrigin;
}

let catalog: Catalog = defaultCatalog;
let origin: CatalogOrigin = { apiUrl: null, loadedAt: null };

/** The add-in's own storage (the shared runtime's localStorage); none outside a browser. */
interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

function storage(): KeyValueStore | null {
  return (globalThis as { localStorage?: KeyValueStore }).localStorage ?? null;
}

/** The catalog formulas compute with now. */
export function workbookCatalog(): Catalog {
  return catalog;
}

export function catalogOrigin(): CatalogOrigin {
  return origin;
}

/** Use the catalog kept in the add-in's storage, if any (and valid); else the shipped one. */
export function restoreCatalog(): void {
  const text = storage()?.getItem(CATALOG_KEY);
  if (!text) return;
  try {
    const kept = JSON.parse(text) as Kept;
    catalog = loadCatalog(kept.data);
    origin = kept.origin;
  } catch {
    // A kept catalog the engine refuses (written by an older add-in) is dropped.
    storage()?.removeItem(CATALOG_KEY);
  }
}

/** Load the catalog from the API, validate it, keep it for offline use, and use it. */
export async function loadCatalogFromApi(api: IncentivesApi, apiUrl: string, now: Date = new Date()): Promise<Catalog> {
  const { status, json } = await api.send('GET', '/catalog');
  if (status !== 200) throw new Error(`The API answered ${status}${typeof json.detail === 'string' ? `: ${json.detail}` : ''}`);
  const data = json as unknown as CatalogData;
  const loaded = loadCatalog(data);
  const kept: Kept = { data, origin: { apiUrl, loadedAt: now.toISOString() } };
  storage()?.setItem(CATALOG_KEY, JSON.stringify(kept));
  catalog = loaded;
  origin = kept.origin;
  return loaded;
}

/** Program years whose latest figures (those in force at the end of the year) are the shipped examples, by name ("Security usage FY26"). */
export function exampleYears(c: Catalog = catalog): string[] {
  return c.programs
    .filter((p) => c.inForce(p, p.programYear.end).exampleFigures === true)
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((p) => p.name);
}

/**
 * Which catalog the workbook computes with, in words (what =PI.CATALOG() shows).
 * @example catalogDescription() // => 'Shipped example figures (not your program's): load your catalog in the task pane.'
 */
export function catalogDescription(): string {
  const examples = exampleYears();
  const note = examples.length > 0 ? ` Example figures in ${examples.join(', ')}.` : '';
  if (origin.loadedAt === null) return `Shipped example figures (not your program's): load your catalog in the task pane.${note}`;
  return `Catalog ${catalog.info.version} from ${origin.apiUrl}, loaded ${origin.loadedAt.slice(0, 16).replace('T', ' ')} UTC.${note}`;
}
