import { launchBrowser, newPage, startHall } from './harness.ts';
const srv = await startHall();
const browser = await launchBrowser();
for (const [w, h, tag] of [[1920, 1080, 'land'], [1080, 1920, 'port']] as const) {
  const { page, context } = await newPage(browser, { width: w, height: h });
  await page.goto(`${srv.url}/kiosk`);
  await page.getByTestId('screen-home').waitFor();
  await page.waitForTimeout(500);
  await page.screenshot({ path: `/tmp/kshots/home-${tag}.png` });
  await page.getByTestId('home-take').click();
  await page.screenshot({ path: `/tmp/kshots/finder-${tag}.png` });
  await page.getByTestId('tab-bundle').click();
  await page.screenshot({ path: `/tmp/kshots/bundles-${tag}.png` });
  await page.getByTestId('tab-search').click();
  for (const k of 'bdc') await page.getByTestId(`key-${k}`).click();
  await page.getByTestId('result-property-transfer').waitFor();
  await page.screenshot({ path: `/tmp/kshots/search-${tag}.png` });
  await page.getByTestId('result-property-transfer').click();
  await page.screenshot({ path: `/tmp/kshots/matter-${tag}.png` });
  await page.getByTestId('fill-form').click();
  await page.screenshot({ path: `/tmp/kshots/form-${tag}.png` });
  await context.close();
}
await browser.close();
await srv.stop();
