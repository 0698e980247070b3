// Launches Debian's chromium for the browser test and the benchmark. Dev-only:
// playwright-core is a devDependency, so nothing the CLI loads imports this.
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's chromium; SPLITBRAIN_CHROMIUM names another (CI runners have /usr/bin/google-chrome). */
export const CHROMIUM = process.env.SPLITBRAIN_CHROMIUM || '/usr/bin/chromium';

export function hasChromium(): boolean {
  return existsSync(CHROMIUM);
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}
