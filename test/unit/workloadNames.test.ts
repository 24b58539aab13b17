/**
 * Workload names as Partner Center and people write them (shared/workloads.ts with the data in
 * shared/programs/data/workloads.json): product names with plans and prefixes, Entra ID and
 * Azure AD names, the earnings export's service codes, suites refused as suites, products no
 * program pays for, and the nearest names for what is unknown.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultCatalog, editDistance } from '../../shared';

const directory = defaultCatalog.workloads;
const idOf = (name: string) => directory.resolve(name)?.id ?? null;

/** Product names and service codes of PARTNER-CENTER.md, mapped by hand. */
const EXPECTED: Record<string, string> = {
  'Microsoft Defender for Endpoint P2': 'defender-for-endpoint',
  'Microsoft Defender for Office 365 (Plan 2)': 'defender-for-office-365',
  'Azure Active Directory Premium P2': 'entra-id-p2',
  'Azure Active Directory Premium P1': 'entra-id-p2',
  'Microsoft Entra ID P2': 'entra-id-p2',
  'Intune Plan 1': 'intune',
  'Microsoft Intune': 'intune',
  'Exchange Online (Plan 2)': 'exchange-online',
  'Exchange Online (Plan 1)': 'exchange-online',
  'Exchange Online': 'exchange-online',
  Teams: 'teams',
  'SharePoint Online (Plan 2)': 'sharepoint-online',
  'Azure Information Protection Premium P1': 'purview-information-protection',
  spo: 'sharepoint-online',
  exo: 'exchange-online',
  teams: 'teams',
  intune: 'intune',
  aadp: 'entra-id-p2',
  mdatp: 'defender-for-endpoint',
  mdo: 'defender-for-office-365',
  aatp: 'defender-for-identity',
  mcas: 'defender-for-cloud-apps',
  aip: 'purview-information-protection',
  powerbistandalone: 'power-bi',
};

describe('workload names Partner Center writes', () => {
  it.each(Object.entries(EXPECTED))('"%s" is %s', (name, id) => {
    expect(idOf(name)).toBe(id);
  });

  it('maps every product name and service code quoted in ../shared/PARTNER-CENTER.md (when it is beside the repository)', () => {
    const file = join(__dirname, '..', '..', '..', 'shared', 'PARTNER-CENTER.md');
    if (!existsSync(file)) {
      console.warn(`skipped: ${file} is not beside this clone; the names above are checked without it`);
      return;
    }
    const text = readFileSync(file, 'utf8');
    const paragraph = text.slice(text.indexOf('Product names in exports'), text.indexOf('## Earnings'));
    const names = [...paragraph.matchAll(/"([^"]+)"/g)].map((m) => m[1]!);
    const codes = [...paragraph.matchAll(/`([a-z]+)`/g)].map((m) => m[1]!);
    expect(names.length).toBeGreaterThanOrEqual(8);
    expect(codes).toHaveLength(11);
    for (const name of names) {
      if (name === 'Office 365 E5') expect(directory.match(name).kind).toBe('suite');
      else expect([name, idOf(name)]).toEqual([name, EXPECTED[name] ?? expect.any(String)]);
    }
    for (const code of codes) expect([code, idOf(code)]).toEqual([code, EXPECTED[code]]);
  });

  it('refuses a suite saying it is one, with the workloads it includes', () => {
    expect(idOf('Office 365 E5')).toBeNull();
    expect(directory.problemWith('Office 365 E5')).toMatch(/^"Office 365 E5" is a suite, not a workload: report each of its workloads on its own \(Exchange Online, SharePoint Online, Teams/);
    expect(directory.match('Microsoft 365 E5').kind).toBe('suite');
    expect(directory.match('EMS E5').kind).toBe('suite');
  });

  it('names a product no program pays for as such', () => {
    expect(directory.match('Skype for Business').kind).toBe('untracked');
    expect(directory.problemWith('Skype for Business')).toBe('"Skype for Business" (Skype for Business) is a product no incentive program pays for, not a workload we track');
  });

  it('refuses an unknown name with the three nearest known names', () => {
    expect(directory.problemWith('Defender for Endpont')).toBe(
      '"Defender for Endpont" is not a workload we know; nearest known names: "Defender for Endpoint", "Defender for Identity", "Defender for Cloud Apps"',
    );
    const m = directory.match('Intoon');
    expect(m).toEqual({ kind: 'unknown', nearest: expect.arrayContaining(['Intune']) });
    if (m.kind === 'unknown') expect(m.nearest).toHaveLength(3);
  });

  it('does not strip a plan that is part of a name (Entra ID P2 is itself a workload name)', () => {
    expect(idOf('Entra ID P2')).toBe('entra-id-p2');
    expect(idOf('P2')).toBeNull();
  });

  it('edit distance is the Levenshtein distance', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('same', 'same')).toBe(0);
  });
});
