import { existsSync } from 'node:fs';
import { CHROMIUM } from '../../dev/support/chromium';

export { CHROMIUM, CHROMIUM_ARGS, launchChromium, STUB_HOST } from '../../dev/support/chromium';

/**
 * `describe` when Chromium is there; otherwise, outside CI, skipped with a note saying how to
 * get it (in CI a missing browser fails the run: .ci/run installs it).
 */
export function describeWithBrowser(name: string, fn: () => void): void {
  if (existsSync(CHROMIUM) || process.env.CI === 'true') {
    describe(name, fn);
    return;
  }
  describe.skip(`${name} (skipped: no Chromium at ${CHROMIUM}; apt-get install chromium, or set CHROMIUM_PATH)`, fn);
}
