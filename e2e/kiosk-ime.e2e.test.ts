/**
 * The kiosk's input method in the browser: a name with 鑫 and 曦 typed on the on-screen keyboard, a company
 * name typed in one go, the 中/英/数字 layers, the ID-card reader still filling the name, and a search typed in
 * characters. Screens are photographed in portrait and landscape, elderly mode too, into
 * artifacts/screenshots/kiosk-ime-<screen>-<orientation>.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { hasChromium, hasWebBuild, launchBrowser, newPage, shot, startHall, type TestServer } from './harness.ts';
import { toolMissing } from '../scripts/testing/tool-gate.ts';

const LAND = { width: 1920, height: 1080 };
const PORT = { width: 1080, height: 1920 };

describe.skipIf(toolMissing('Chromium and the page build', hasChromium && hasWebBuild))('kiosk input method', () => {
  let srv: TestServer;
  let browser: Browser;
  let supervisor: string;

  beforeAll(async () => {
    srv = await startHall();
    browser = await launchBrowser();
    supervisor = await srv.login('supervisor');
  });
  afterAll(async () => {
    await browser?.close();
    await srv?.stop();
  });

  async function open(size: { width: number; height: number }, init?: () => void): Promise<Page> {
    const { page } = await newPage(browser, size);
    if (init) await page.addInitScript(init);
    await page.goto(`${srv.url}/kiosk`);
    await page.getByTestId('screen-home').waitFor();
    return page;
  }

  async function snap(page: Page, name: string): Promise<void> {
    const orig = page.viewportSize();
    for (const [size, tag] of [
      [LAND, 'landscape'],
      [PORT, 'portrait'],
    ] as const) {
      await page.setViewportSize(size);
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      await shot(page, `kiosk-ime-${name}-${tag}`);
    }
    if (orig) await page.setViewportSize(orig);
  }

  async function keys(page: Page, text: string): Promise<void> {
    for (const c of text) await page.getByTestId(`key-${c}`).click();
  }

  const bar = (page: Page) => page.getByTestId('ime-bar');
  const firstCandidate = (page: Page) => page.getByTestId('ime-cand-0');

  /** Types pinyin and taps `char`, paging with › until it shows; returns the page it was found on (0 = first). */
  async function pick(page: Page, pinyin: string, char: string): Promise<number> {
    await keys(page, pinyin);
    await expect.poll(() => page.getByTestId('ime-composing').textContent()).toBe(pinyin);
    await firstCandidate(page).waitFor();
    for (let p = 0; p < 40; p++) {
      const btn = bar(page).getByRole('button', { name: char, exact: true });
      if ((await btn.count()) > 0) {
        await btn.first().click();
        return p;
      }
      await page.getByTestId('ime-next').click();
    }
    throw new Error(`${char} not offered for ${pinyin}`);
  }

  async function toForm(page: Page, categoryId: string, serviceId: string): Promise<void> {
    await page.getByTestId('home-take').click();
    await page.getByTestId(`category-${categoryId}`).click();
    await page.getByTestId(`matter-${serviceId}`).click();
    await page.getByTestId('fill-form').click();
    await page.getByTestId('screen-form').waitFor();
  }

  it('types 黄鑫曦 and a company name on the on-screen keyboard, and the form carries them to the server', async () => {
    const page = await open(LAND);
    await toForm(page, 'enterprise', 'company-setup');
    await page.getByTestId('idkind-none').click();
    await page.getByTestId('keyboard-text').waitFor();
    expect(await page.getByTestId('keyboard-text').getAttribute('data-layer')).toBe('zh');

    // A name starts with its surname: 黄 is the first candidate for huang.
    await keys(page, 'huang');
    await expect.poll(() => firstCandidate(page).textContent()).toBe('黄');
    await snap(page, 'name-surname');
    await firstCandidate(page).click();
    // 鑫 and 曦 (通用规范汉字表 level 2/3) are on the first page for a given name.
    expect(await pick(page, 'xin', '鑫')).toBe(0);
    await keys(page, 'xi');
    await expect.poll(() => bar(page).getByRole('button', { name: '曦', exact: true }).count()).toBe(1);
    await snap(page, 'name-given');
    await bar(page).getByRole('button', { name: '曦', exact: true }).click();
    await expect.poll(() => page.getByTestId('field-name').textContent()).toBe('黄鑫曦');

    // Backspace edits the pinyin first, then the field.
    await keys(page, 'zhangx');
    await page.getByTestId('key-back').click();
    expect(await page.getByTestId('ime-composing').textContent()).toBe('zhang');
    for (let i = 0; i < 5; i++) await page.getByTestId('key-back').click();
    await expect.poll(() => page.getByTestId('ime-composing').textContent()).not.toBe('zhang');
    expect(await page.getByTestId('field-name').textContent()).toBe('黄鑫曦');

    // A company name typed in one go comes out as one phrase.
    await page.getByTestId('field-companyName').click();
    await keys(page, 'pingancanyinyouxiangongsi');
    await expect.poll(() => firstCandidate(page).textContent()).toBe('平安餐饮有限公司');
    await snap(page, 'company');
    await firstCandidate(page).click();
    await expect.poll(() => page.getByTestId('field-companyName').textContent()).toBe('平安餐饮有限公司');

    // The same name one syllable at a time, always tapping the first candidate: 参 is commoner than 餐, but
    // typing yin after it offers 餐饮 in place of 参.
    await page.getByTestId('key-clear').click();
    for (const syllable of ['ping', 'an', 'can', 'yin', 'you', 'xian', 'gong', 'si']) {
      await keys(page, syllable);
      await expect.poll(() => page.getByTestId('ime-composing').textContent()).toBe(syllable);
      if (syllable === 'yin') {
        await expect.poll(() => firstCandidate(page).textContent()).toBe('餐饮替换“参”');
        await snap(page, 'company-mend');
      }
      await firstCandidate(page).click();
    }
    await expect.poll(() => page.getByTestId('field-companyName').textContent()).toBe('平安餐饮有限公司');

    // An address: a place name, then 数字 for the number, then 中文 again.
    await page.getByTestId('field-premisesAddress').click();
    await pick(page, 'chaoyangqu', '朝阳区');
    await pick(page, 'jianguolu', '建国路');
    await page.getByTestId('key-layer-num').click();
    expect(await page.getByTestId('keyboard-text').getAttribute('data-layer')).toBe('num');
    await snap(page, 'digits');
    await keys(page, '88');
    await page.getByTestId('key-layer-zh').click();
    await pick(page, 'hao', '号');
    await expect.poll(() => page.getByTestId('field-premisesAddress').textContent()).toBe('朝阳区建国路88号');

    await page.getByTestId('opt-companyType-股份有限公司').click();
    await page.getByTestId('field-registeredCapital').click();
    await keys(page, '50');
    await page.getByTestId('submit-form').click();
    await page.getByTestId('screen-ticket').waitFor();
    const number = (await page.getByTestId('ticket-number').textContent()) ?? '';
    const all = (await srv.api('GET', '/tickets', { token: supervisor })).body.tickets as Array<{ id: string; number: string }>;
    const t = all.find((x) => x.number === number);
    const form = await srv.api('GET', `/tickets/${t?.id}/form`, { token: supervisor });
    expect(form.body.form.fields).toMatchObject({ companyName: '平安餐饮有限公司', premisesAddress: '朝阳区建国路88号' });
    expect(form.body.form).toMatchObject({ idKind: 'none', name: '黄鑫曦' });
    await page.context().close();
  });

  it('elderly mode: candidates and page buttons are at least 60 × 60 px, paging works', async () => {
    const page = await open(PORT);
    await page.getByTestId('home-elderly').click();
    await expect.poll(() => page.getByTestId('kiosk').getAttribute('data-elderly')).toBe('1');
    await toForm(page, 'realestate', 'property-transfer');
    await page.getByTestId('idkind-none').click();
    await keys(page, 'xi');
    await firstCandidate(page).waitFor();
    const boxes = await bar(page)
      .locator('.kb-cand, .kb-nav')
      .evaluateAll((els) => els.map((el) => el.getBoundingClientRect()).map((r) => ({ w: r.width, h: r.height })));
    expect(boxes.length).toBeGreaterThan(3);
    for (const b of boxes) {
      expect(b.w).toBeGreaterThanOrEqual(60);
      expect(b.h).toBeGreaterThanOrEqual(60);
    }
    const firstPage = await firstCandidate(page).textContent();
    await page.getByTestId('ime-next').click();
    await expect.poll(() => firstCandidate(page).textContent()).not.toBe(firstPage);
    await expect.poll(() => page.getByTestId('ime-page').textContent()).toMatch(/^第 2\//);
    await snap(page, 'elderly-paging');
    await page.getByTestId('ime-prev').click();
    await expect.poll(() => firstCandidate(page).textContent()).toBe(firstPage);

    // At every font step, in both orientations, the whole keyboard is above the help bar, on the form and
    // in search.
    const fits = async (where: string) => {
      for (const size of [LAND, PORT]) {
        await page.setViewportSize(size);
        await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
        const kb = await page.getByTestId('keyboard-text').boundingBox();
        const help = await page.locator('.helpbar').boundingBox();
        expect(kb, where).not.toBeNull();
        expect((kb?.y ?? 0) + (kb?.height ?? 0), `${where} ${size.width}×${size.height}`).toBeLessThanOrEqual((help?.y ?? size.height) + 1);
        const key = await page.getByTestId('key-m').boundingBox();
        expect(Math.min(key?.width ?? 0, key?.height ?? 0)).toBeGreaterThanOrEqual(60);
      }
    };
    for (let step = 0; step < 3; step++) {
      await fits(`form, font step ${step}`);
      if (step < 2) await page.getByTestId('font-bigger').click();
    }
    await snap(page, 'elderly-largest-form');
    // Back to the finder (home would end elderly mode), to search.
    for (let i = 0; i < 4 && (await page.getByTestId('screen-finder').count()) === 0; i++) await page.getByTestId('back').click();
    await page.getByTestId('tab-search').click();
    expect(await page.getByTestId('kiosk').getAttribute('data-elderly')).toBe('1');
    await keys(page, 'gjj');
    await firstCandidate(page).waitFor();
    await fits('search, largest font');
    await snap(page, 'elderly-largest-search');
    await page.context().close();
  });

  it('the ID-card reader still fills the name, and typing goes on after it', async () => {
    const page = await open(LAND, () => {
      // The Electron preload's bridge, as the renderer sees it; the test places a card with __placeCard.
      const listeners: Array<(c: unknown) => void> = [];
      (window as unknown as Record<string, unknown>).kioskBridge = {
        getInfo: () => new Promise(() => undefined),
        getPrinterStatus: () => new Promise(() => undefined),
        onPrinterStatus: () => () => undefined,
        onIdReaderChanged: () => () => undefined,
        sessionEnded: () => undefined,
        onCardScanned: (cb: (c: unknown) => void) => {
          listeners.push(cb);
          return () => listeners.splice(listeners.indexOf(cb), 1);
        },
      };
      (window as unknown as Record<string, unknown>).__placeCard = (c: unknown) => listeners.forEach((l) => l(c));
    });
    await toForm(page, 'enterprise', 'individual-business');
    // Half-way through typing the name by hand, the citizen places the card after all.
    await page.getByTestId('field-name').click();
    await keys(page, 'hui');
    await page.evaluate(() =>
      (window as unknown as { __placeCard: (c: unknown) => void }).__placeCard({
        name: '李晖',
        idNumber: '11010519491231002X',
        address: '北京市朝阳区建国路88号',
      }),
    );
    await expect.poll(() => page.getByTestId('field-name').textContent()).toBe('李晖');
    await expect.poll(() => page.getByTestId('field-idNumber').textContent()).toBe('11010519491231002X');
    await expect.poll(() => page.getByTestId('field-address').textContent()).toBe('北京市朝阳区建国路88号');
    await snap(page, 'card-read');
    // The keyboard is closed by the card; the shop name is typed as usual afterwards.
    await page.getByTestId('field-shopName').click();
    await pick(page, 'xinhuashudian', '新华书店');
    await expect.poll(() => page.getByTestId('field-shopName').textContent()).toBe('新华书店');
    expect(await page.getByTestId('field-name').textContent()).toBe('李晖');
    await page.context().close();
  });

  it('search takes characters: 不动产 typed through the input method finds the matter', async () => {
    const page = await open(LAND);
    await page.getByTestId('home-guide').click();
    await page.getByTestId('tab-search').click();
    await page.getByTestId('keyboard-text').waitFor();
    // While pinyin is typed, matters are already found by it; the hall's matter names complete first.
    await keys(page, 'bdczy');
    await page.getByTestId('result-property-transfer').waitFor();
    await expect.poll(() => firstCandidate(page).textContent()).toBe('不动产转移登记');
    await snap(page, 'search-pinyin');
    await page.getByTestId('key-clear').click();
    await pick(page, 'budongchan', '不动产');
    await expect.poll(() => page.getByTestId('search-query').textContent()).toBe('不动产');
    await page.getByTestId('result-property-transfer').waitFor();
    await snap(page, 'search-hanzi');
    // English layer: plain letters (pinyin search without the input method).
    await page.getByTestId('key-clear').click();
    await page.getByTestId('key-layer-en').click();
    await keys(page, 'gjj');
    await expect.poll(() => page.getByTestId('search-query').textContent()).toBe('gjj');
    await page.getByTestId('result-fund-withdrawal').waitFor();
    expect(await page.getByTestId('ime-bar').count()).toBe(0);
    await page.context().close();
  });

  it('English labels are complete on the keyboard', async () => {
    const page = await open(LAND);
    await page.getByTestId('lang-toggle').click();
    await expect.poll(() => page.getByTestId('home-take').textContent()).toContain('Take a number');
    await toForm(page, 'enterprise', 'company-setup');
    await page.getByTestId('idkind-none').click();
    const kb = page.getByTestId('keyboard-text');
    await kb.waitFor();
    // English screens open the keyboard on ABC; Pinyin is one tap away.
    expect(await kb.getAttribute('data-layer')).toBe('en');
    const text = (await kb.textContent()) ?? '';
    for (const label of ['Pinyin', 'ABC', '123', 'Caps', 'Space', 'Clear', 'Delete', 'Done']) expect(text).toContain(label);
    await page.getByTestId('key-layer-zh').click();
    expect(await page.getByTestId('ime-composing').textContent()).toContain('Type pinyin');
    await keys(page, 'wang');
    await expect.poll(() => firstCandidate(page).textContent()).toBe('王');
    expect(await page.getByTestId('ime-next').getAttribute('aria-label')).toBe('Next page');
    await snap(page, 'english');
    await page.context().close();
  });
});
