/**
 * The citizen's self-service terminal, end to end: a real hall server, the built /kiosk page in Chromium,
 * the virtual printer K1. Every screen is photographed in portrait (1080×1920) and landscape (1920×1080)
 * into artifacts/screenshots/kiosk-<screen>-<orientation>.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { decodeEscPos, paperText } from '@hall/printer';
import { hasChromium, hasWebBuild, launchBrowser, newPage, shot, startHall, type TestServer } from './harness.ts';
import { toolMissing } from '../scripts/testing/tool-gate.ts';

const LAND = { width: 1920, height: 1080 };
const PORT = { width: 1080, height: 1920 };
const VALID_ID = '11010519491231002X';
const BAD_CHECKSUM_ID = '110105194912310021';

describe.skipIf(toolMissing('Chromium and the page build', hasChromium && hasWebBuild))('kiosk', () => {
  let srv: TestServer;
  let browser: Browser;
  let supervisor: string;
  const printerDir = () => join(srv.dataDir, 'virtual-printer', 'K1');
  const setPrinter = (status: string) => {
    mkdirSync(printerDir(), { recursive: true });
    writeFileSync(join(printerDir(), 'status'), status);
  };
  const jobs = () => {
    try {
      return readdirSync(printerDir())
        .filter((f) => f.endsWith('.escpos'))
        .sort();
    } catch {
      return [];
    }
  };
  const tickets = async () =>
    (await srv.api('GET', '/tickets', { token: supervisor })).body.tickets as Array<{
      id: string;
      number: string;
      priority: string;
      priorityGroup: string | null;
      channel: string;
      hasForm: boolean;
    }>;

  beforeAll(async () => {
    srv = await startHall();
    browser = await launchBrowser();
    supervisor = await srv.login('supervisor');
  });
  afterAll(async () => {
    await browser?.close();
    await srv?.stop();
  });

  async function open(size: { width: number; height: number }, query = ''): Promise<Page> {
    const { page } = await newPage(browser, size);
    await page.goto(`${srv.url}/kiosk${query}`);
    await page.getByTestId('screen-home').waitFor();
    return page;
  }

  /** Photographs the current screen in both orientations, then restores the viewport. */
  async function snap(page: Page, name: string): Promise<void> {
    const orig = page.viewportSize();
    for (const [size, tag] of [
      [LAND, 'landscape'],
      [PORT, 'portrait'],
    ] as const) {
      await page.setViewportSize(size);
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      await shot(page, `kiosk-${name}-${tag}`);
    }
    if (orig) await page.setViewportSize(orig);
  }

  /** Taps on-screen keys, one character each (`key-<c>`). */
  async function keys(page: Page, text: string): Promise<void> {
    for (const c of text) await page.getByTestId(`key-${c}`).click();
  }

  /** Types pinyin on the on-screen keyboard and picks a character. */
  async function ime(page: Page, pinyin: string, char: string): Promise<void> {
    await keys(page, pinyin);
    await page.getByTestId('ime-bar').getByRole('button', { name: char, exact: true }).first().click();
  }

  async function toMatter(page: Page, categoryId: string, serviceId: string): Promise<void> {
    await page.getByTestId('home-take').click();
    await page.getByTestId(`category-${categoryId}`).click();
    await page.getByTestId(`matter-${serviceId}`).click();
    await page.getByTestId('screen-matter').waitFor();
  }

  it('(a) elderly mode: finds 不动产转移 by pinyin initials, reads the guide, fills the form, and the number is on screen and printed', async () => {
    setPrinter('ok');
    const page = await open(PORT);
    await snap(page, 'home');
    await page.getByTestId('help-button').click();
    await snap(page, 'help');
    await page.getByTestId('help-close').click();

    await page.getByTestId('home-elderly').click();
    await expect.poll(() => page.getByTestId('kiosk').getAttribute('data-elderly')).toBe('1');
    // 适老化: ≥ 18 pt (24 px) text and ≥ 60 px targets.
    const rootPx = await page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
    expect(rootPx).toBeGreaterThanOrEqual(24);
    const take = await page.getByTestId('home-take').boundingBox();
    expect(Math.min(take?.width ?? 0, take?.height ?? 0)).toBeGreaterThanOrEqual(60);
    await snap(page, 'elderly-home');
    await page.getByTestId('font-bigger').click();
    expect(await page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize))).toBeGreaterThan(rootPx);

    await page.getByTestId('home-take').click();
    await snap(page, 'elderly-finder');
    await page.getByTestId('tab-search').click();
    await keys(page, 'bdczy');
    await page.getByTestId('result-property-transfer').waitFor();
    await snap(page, 'elderly-search');
    await page.getByTestId('result-property-transfer').click();
    await expect.poll(() => page.getByTestId('materials').textContent()).toContain('不动产权证书');
    await expect.poll(() => page.getByTestId('promised-limit').textContent()).toContain('3');
    await snap(page, 'elderly-guide');

    await page.getByTestId('fill-form').click();
    await keys(page, VALID_ID);
    await page.getByTestId('field-name').click();
    await ime(page, 'zhang', '张');
    await ime(page, 'wei', '伟');
    await page.getByTestId('field-phone').click();
    await keys(page, '13812341234');
    await page.getByTestId('field-propertyLocation').click();
    await ime(page, 'ping', '平');
    await ime(page, 'an', '安');
    await page.getByTestId('field-dealPrice').click();
    await keys(page, '120');
    await expect.poll(() => page.getByTestId('field-name').textContent()).toBe('张伟');
    await snap(page, 'elderly-form');

    const before = jobs().length;
    await page.getByTestId('submit-form').click();
    await page.getByTestId('screen-ticket').waitFor();
    const number = (await page.getByTestId('ticket-number').textContent()) ?? '';
    expect(number).toMatch(/^D\d{3}$/);
    await expect.poll(() => page.getByTestId('ticket-matters').textContent()).toContain('不动产转移登记');
    await expect.poll(() => page.getByTestId('ticket-windows').textContent()).toMatch(/13/);
    expect(await page.getByTestId('ticket-qr').locator('svg').getAttribute('data-qr')).toMatch(/\/t\/[A-Za-z0-9_-]{10,}$/);
    await snap(page, 'elderly-ticket');

    // The virtual printer holds exactly this ticket, with its number.
    const files = jobs();
    expect(files.length).toBe(before + 1);
    const file = files.find((f) => f.endsWith(`-${number}.escpos`));
    expect(file).toBeDefined();
    expect(paperText(decodeEscPos(readFileSync(join(printerDir(), file as string))))).toContain(number);
    const issued = (await tickets()).find((t) => t.number === number);
    expect(issued?.hasForm).toBe(true);
    const form = await srv.api('GET', `/tickets/${issued?.id}/form`, { token: supervisor });
    expect(form.body.form).toMatchObject({ idKind: 'resident_id', idNumber: '**************002X', phone: '138****1234', name: '张伟' });
    expect(form.body.form.fields).toMatchObject({ propertyLocation: '平安', dealPrice: '120' });

    await page.getByTestId('ticket-done').click();
    await page.getByTestId('screen-home').waitFor();
    expect(await page.getByTestId('kiosk').getAttribute('data-elderly')).toBe('0');
    await page.context().close();
  });

  it('(b) an invalid ID number gets a clear message and nothing is issued', async () => {
    const page = await open(LAND);
    const count = (await tickets()).length;
    await page.getByTestId('home-take').click();
    await snap(page, 'finder-category');
    await page.getByTestId('category-realestate').click();
    await snap(page, 'category');
    await page.getByTestId('matter-property-transfer').click();
    await snap(page, 'guide');
    await page.getByTestId('fill-form').click();
    await snap(page, 'form');
    await keys(page, BAD_CHECKSUM_ID);
    const err = page.getByTestId('field-idNumber-error');
    await expect.poll(() => err.textContent()).toContain('校验位');
    expect(await err.textContent()).toContain('check digit');
    await page.getByTestId('submit-form').click();
    await page.getByTestId('form-errors').waitFor();
    await snap(page, 'form-error');
    expect(await page.getByTestId('screen-form').isVisible()).toBe(true);
    expect((await tickets()).length).toBe(count);

    // A short number is "length", a bad birth date is "birth_date": each reason has its own message.
    await page.getByTestId('key-clear').click();
    await keys(page, '11010519491331002');
    await page.getByTestId('submit-form').click();
    await expect.poll(() => err.textContent()).toContain('18 位');
    await keys(page, '1');
    await expect.poll(() => err.textContent()).toContain('出生日期');
    expect((await tickets()).length).toBe(count);
    await page.context().close();
  });

  it('(c) no-ID path: "没有带证件" takes a number with no document, and a double tap gives one ticket', async () => {
    setPrinter('ok');
    const page = await open(LAND);
    await toMatter(page, 'social', 'elderly-card');
    await page.getByTestId('fill-form').click();
    await page.getByTestId('idkind-none').click();
    await page.getByTestId('no-id-note').waitFor();
    await ime(page, 'li', '李');
    await snap(page, 'form-no-id');
    const count = (await tickets()).length;
    await page.getByTestId('submit-form').dblclick();
    await page.getByTestId('screen-ticket').waitFor();
    const number = (await page.getByTestId('ticket-number').textContent()) ?? '';
    await snap(page, 'ticket');
    const all = await tickets();
    expect(all.length).toBe(count + 1);
    const t = all.find((x) => x.number === number);
    const form = await srv.api('GET', `/tickets/${t?.id}/form`, { token: supervisor });
    expect(form.body.form).toMatchObject({ idKind: 'none', name: '李' });
    expect(form.body.form.idNumber).toBeUndefined();

    // The plain path needs no form at all: direct 取号 from the matter.
    await page.getByTestId('ticket-done').click();
    await toMatter(page, 'social', 'elderly-card');
    await page.getByTestId('take-number').dblclick();
    await page.getByTestId('screen-ticket').waitFor();
    expect((await tickets()).length).toBe(count + 2);
    await page.context().close();
  });

  it('(d) appointment check-in by code and by ID card gives appointment-priority tickets', async () => {
    setPrinter('ok');
    const today = srv.hall.today();
    // Bookings whose slot covers the whole day, so they arrive on time whenever the test runs (the demo's
    // own slots are fixed times: early or late arrivals follow the appointment rules, tested elsewhere).
    const serviceId = srv.config.services.find((s) => s.appointable)?.id ?? '';
    const code = '990301';
    const booked = srv.appointments.import({ kind: 'user', id: 'supervisor', role: 'supervisor', source: 'e2e' }, [
      { code, serviceId, date: today, slotStart: '00:00', slotEnd: '23:59' },
      { code: '990302', serviceId, date: today, slotStart: '00:00', slotEnd: '23:59', idNumber: '110105198001010016' },
    ]);
    expect(booked.ok).toBe(true);
    const page = await open(PORT);
    await page.getByTestId('home-checkin').click();
    await snap(page, 'checkin');
    await keys(page, code);
    await page.getByTestId('checkin-submit').click();
    await page.getByTestId('screen-ticket').waitFor();
    expect(await page.getByTestId('ticket-priority').textContent()).toBe('预约优先');
    const number = (await page.getByTestId('ticket-number').textContent()) ?? '';
    expect((await tickets()).find((t) => t.number === number)?.priority).toBe('appointment');
    await snap(page, 'checkin-ticket');

    // Used again: told plainly, nothing issued.
    await page.getByTestId('ticket-done').click();
    await page.getByTestId('home-checkin').click();
    await keys(page, code);
    await page.getByTestId('checkin-submit').click();
    await expect.poll(() => page.getByTestId('checkin-error').textContent()).toContain('已签到');
    await snap(page, 'checkin-error');

    // A keyboard-wedge ID reader types the number + Enter into the focused hidden field.
    await page.getByTestId('checkin-by-id').click();
    await page.getByTestId('wedge-input').focus();
    await page.keyboard.type('110105198001010016\n');
    await page.getByTestId('screen-ticket').waitFor();
    expect(await page.getByTestId('ticket-priority').textContent()).toBe('预约优先');
    await page.context().close();
  });

  it('(e) printer out of paper: no ticket is issued, the citizen is told what to do, and the on-screen ticket works', async () => {
    setPrinter('paper-out');
    const page = await open(LAND);
    await page.getByTestId('printer-banner').waitFor();
    await snap(page, 'home-printer-down');
    const count = (await tickets()).length;
    const printed = jobs().length;
    await toMatter(page, 'police', 'no-crime-certificate');
    await page.getByTestId('take-number').click();
    await page.getByTestId('printer-dialog').waitFor();
    expect(await page.getByTestId('printer-dialog-body').textContent()).toContain('缺纸');
    expect(await page.getByTestId('printer-dialog-body').textContent()).toContain('导办台');
    await snap(page, 'printer-dialog');
    expect((await tickets()).length).toBe(count);

    await page.getByTestId('printer-onscreen').click();
    await page.getByTestId('screen-ticket').waitFor();
    await page.getByTestId('onscreen-banner').waitFor();
    const number = (await page.getByTestId('ticket-number').textContent()) ?? '';
    expect(number).toMatch(/^E\d{3}$/);
    await snap(page, 'ticket-onscreen');
    const all = await tickets();
    expect(all.length).toBe(count + 1);
    expect(all.find((t) => t.number === number)?.channel).toBe('kiosk');
    expect(jobs().length).toBe(printed);

    // The guide checklist cannot print either: said plainly.
    await page.getByTestId('ticket-done').click();
    await toMatter(page, 'police', 'no-crime-certificate');
    await page.getByTestId('print-guide').click();
    await page.getByTestId('print-failed').waitFor();
    setPrinter('ok');
    await page.getByTestId('print-guide').click();
    await page.getByTestId('print-ok').waitFor();
    expect(jobs().some((f) => f.endsWith('-guide.escpos'))).toBe(true);
    await page.context().close();
  });

  it('(f) the idle timeout returns home and wipes the form', async () => {
    const page = await open(LAND, '?idleMs=2500&countdownMs=2000');
    await toMatter(page, 'insurance', 'social-security-card');
    await page.getByTestId('fill-form').click();
    await keys(page, '1101');
    await page.getByTestId('field-phone').click();
    await keys(page, '139');
    await page.getByTestId('idle-dialog').waitFor({ timeout: 10_000 });
    await snap(page, 'idle');
    await page.getByTestId('screen-home').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('idle-dialog').count()).toBe(0);
    await toMatter(page, 'insurance', 'social-security-card');
    await page.getByTestId('fill-form').click();
    expect(await page.getByTestId('field-idNumber').textContent()).not.toContain('1101');
    expect(await page.getByTestId('field-phone').textContent()).not.toContain('139');
    await page.context().close();
  });

  it('(g) bundles, search, English and the rating flow', async () => {
    setPrinter('ok');
    const page = await open(LAND);
    await page.getByTestId('lang-toggle').click();
    await expect.poll(() => page.getByTestId('home-take').textContent()).toContain('Take a number');
    await snap(page, 'home-en');
    await page.getByTestId('lang-toggle').click();

    await page.getByTestId('home-guide').click();
    await page.getByTestId('tab-bundle').click();
    await snap(page, 'finder-bundle');
    await page.getByTestId('bundle-open-restaurant').click();
    await snap(page, 'bundle');
    await page.getByTestId('back').click();
    await page.getByTestId('tab-search').click();
    await keys(page, 'gongjijin');
    await page.getByTestId('result-fund-withdrawal').waitFor();
    await snap(page, 'search');
    await page.getByTestId('home').click();

    // A finished ticket, rated at the kiosk by its number and the slip's check code.
    const kiosk = await srv.kioskToken();
    const t = (await srv.api('POST', '/tickets', { token: kiosk, body: { serviceId: 'invoice-issue' } })).body.ticket;
    await srv.api('PUT', '/windows/W03/allocation', { token: supervisor, body: { categories: ['tax'] } });
    for (;;) {
      const c = await srv.api('POST', '/windows/W03/call-next', { token: supervisor });
      if (c.status !== 200) break;
      await srv.api('POST', '/windows/W03/start', { token: supervisor });
      await srv.api('POST', '/windows/W03/finish', { token: supervisor });
      if (c.body.ticket.id === t.id) break;
    }
    await page.getByTestId('home-rate').click();
    await snap(page, 'rating');
    await keys(page, t.number.toLowerCase());
    // The number alone cannot go on: the slip's check code is needed too.
    expect(await page.getByTestId('rating-next').isDisabled()).toBe(true);
    await page.getByTestId('rating-code').click();
    await keys(page, t.checkCode);
    await snap(page, 'rating-code');
    await page.getByTestId('rating-next').click();
    await page.getByTestId('screen-rating-levels').waitFor();
    await snap(page, 'rating-levels');
    await page.getByTestId('level-2').click();
    await page.getByTestId('rating-submit').click();
    await page.getByTestId('rating-error').waitFor();
    await page.getByTestId('reason-1').click();
    await snap(page, 'rating-reasons');
    await page.getByTestId('rating-submit').click();
    const ratings = await (async () => {
      await page.getByTestId('screen-rating-done').waitFor();
      return (await srv.api('GET', '/ratings', { token: supervisor })).body.ratings as Array<{
        ticketNumber: string;
        level: number;
        reasons: number[];
      }>;
    })();
    await snap(page, 'rating-thanks');
    expect(ratings.find((r) => r.ticketNumber === t.number)).toMatchObject({ level: 2, reasons: [1] });
    await page.context().close();
  });

  it('(h) 绿色通道: the citizen picks a group, the choice follows them to the matter, and the ticket is green with that group', async () => {
    setPrinter('ok');
    const page = await open(PORT);
    await snap(page, 'home');
    await page.getByTestId('home-priority').click();
    await page.getByTestId('screen-priority').waitFor();
    expect(await page.getByTestId('priority-proof').textContent()).toContain('不记录证件号码');
    await snap(page, 'priority');
    await page.getByTestId('priority-disabled').click();
    await page.getByTestId('screen-finder').waitFor();
    expect(await page.getByTestId('priority-chip').textContent()).toContain('绿色通道：残疾人');
    await page.getByTestId('category-social').click();
    await page.getByTestId('matter-elderly-card').click();
    await page.getByTestId('screen-matter').waitFor();
    expect(await page.getByTestId('priority-chip').textContent()).toContain('残疾人');
    await snap(page, 'matter-priority');
    await page.getByTestId('take-number').click();
    await page.getByTestId('screen-ticket').waitFor();
    expect(await page.getByTestId('ticket-priority').textContent()).toContain('绿色通道');
    const number = (await page.getByTestId('ticket-number').textContent()) ?? '';
    const green = (await tickets()).find((x) => x.number === number);
    expect(green).toMatchObject({ priority: 'green', priorityGroup: 'disabled', channel: 'kiosk' });

    // Home again: the choice is over. A ✕ on the chip drops it before a number is taken.
    await page.getByTestId('ticket-done').click();
    await page.getByTestId('home-priority').click();
    await page.getByTestId('priority-elderly').click();
    await page.getByTestId('priority-cancel').click();
    await page.getByTestId('priority-chip').waitFor({ state: 'detached' });
    await page.getByTestId('category-social').click();
    await page.getByTestId('matter-elderly-card').click();
    await page.getByTestId('take-number').click();
    await page.getByTestId('screen-ticket').waitFor();
    const plainNumber = (await page.getByTestId('ticket-number').textContent()) ?? '';
    expect((await tickets()).find((x) => x.number === plainNumber)).toMatchObject({ priority: 'normal', priorityGroup: null });
    await page.context().close();
  });

  it('an unpaired kiosk (not on the server machine) asks for a pairing code', async () => {
    const { page } = await newPage(browser, LAND);
    await page.route('**/api/v1/devices/pair-local', (route) =>
      route.fulfill({ status: 403, contentType: 'application/json', body: '{"error":{"code":"FORBIDDEN","message":"x"}}' }),
    );
    await page.goto(`${srv.url}/kiosk?kiosk=KIOSK9`);
    await page.getByTestId('screen-pairing').waitFor();
    await snap(page, 'pairing');
    await page.context().close();
  });
});
