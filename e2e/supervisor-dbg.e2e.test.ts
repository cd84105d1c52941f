import { it } from 'vitest';
import { launchBrowser, newPage, startHall } from './harness.ts';
import { manualClock } from '../queue-server/src/services/clock.ts';
it('dbg', async () => {
  const clock = manualClock(Date.parse('2026-11-23T10:40:00+08:00'));
  const srv = await startHall({ clock });
  const browser = await launchBrowser();
  const { page } = await newPage(browser);
  page.on('console', (m) => console.log('CONSOLE', m.text()));
  await page.goto(`${srv.url}/supervisor`);
  await page.evaluate(() => {
    // eslint-disable-next-line
    const { io } = (window as any);
    return io;
  });
  await page.getByTestId('login-username').fill('supervisor');
  await page.getByTestId('login-password').fill('hall-demo-2026');
  await page.getByTestId('login-submit').click();
  await page.getByTestId('win-W05').waitFor();
  await page.waitForTimeout(1500);
  console.log('CLOCK', await page.locator('.sv-clock').textContent(), await page.evaluate(() => new Date().toISOString()));
  await browser.close();
  await srv.stop();
});
