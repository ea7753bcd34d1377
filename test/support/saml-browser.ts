// What a SAML test in Chromium stands on: the test IdP, an app at localhost (its callback and
// sign-out pages), a cognate server and a headless Chromium page, all stopped when the test ends.
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestContext } from 'node:test';
import { chromium } from 'playwright-core';
import { startServer } from './server.js';
import { SamlIdp } from './saml-idp.js';

const CHROMIUM = '/usr/bin/chromium';
export const skipWithoutChromium = existsSync(CHROMIUM)
  ? false
  : `${CHROMIUM} is not installed (.ci/run installs Debian's chromium)`;

export async function samlBrowser(t: TestContext) {
  const idp = await SamlIdp.start();
  const app = createServer((_req, res) => res.end('<p>app</p>'));
  t.after(() => {
    app.close();
    idp.server.close();
  });
  await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
  const appUrl = `http://localhost:${(app.address() as AddressInfo).port}`;
  const s = await startServer();
  t.after(() => s.stop());
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  t.after(() => browser.close());
  const page = await (await browser.newContext()).newPage();
  return { idp, appUrl, s, page };
}
