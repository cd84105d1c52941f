import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createEngine, type ImeContext, type ImeField } from './engine.ts';

const ime = createEngine(readFileSync(new URL('./lexicon.txt', import.meta.url), 'utf8'));
const ctx = (field: ImeField, before = ''): ImeContext => ({ field, before });
const texts = (letters: string, c: ImeContext = ctx('text'), limit = 500) => ime.candidates(letters, c, limit).map((x) => x.text);
const first = (letters: string, c?: ImeContext) => texts(letters, c)[0];

/**
 * Types a phrase syllable by syllable, each time taking the first candidate, as a hurried citizen would;
 * `mend` passes what the keyboard committed (as the on-screen keyboard does), so a word can mend its start.
 */
function typeBySyllable(syllables: string[], field: ImeField, mend = true): string {
  let value = '';
  let recent: Array<{ text: string; letters: string }> = [];
  for (const s of syllables) {
    const c = ime.candidates(s, { field, before: value, ...(mend ? { recent } : {}) })[0];
    if (!c) return `${value}?`;
    if (c.replaces) {
      const gone = recent.slice(-c.replaces);
      value = value.slice(0, value.length - gone.map((r) => r.text).join('').length);
      recent = [...recent.slice(0, -c.replaces), { text: c.text, letters: gone.map((r) => r.letters).join('') + s }];
    } else recent = [...recent, { text: c.text, letters: s }];
    value += c.text;
  }
  return value;
}

describe('kiosk input method', () => {
  it('puts 张 first for zhang, in any field', () => {
    expect(first('zhang')).toBe('张');
    expect(first('zhang', ctx('name'))).toBe('张');
    expect(first('zhang', ctx('address'))).toBe('张');
  });

  it('puts the common surname first when a name starts', () => {
    expect(first('wang', ctx('name'))).toBe('王');
    expect(first('li', ctx('name'))).toBe('李');
    expect(first('liu', ctx('name'))).toBe('刘');
    expect(first('chen', ctx('name'))).toBe('陈');
    expect(first('huang', ctx('name'))).toBe('黄');
    expect(first('zhou', ctx('name'))).toBe('周');
    // Surname readings: 曾 is zeng, 单 is shan, and compound surnames are one candidate.
    expect(first('zeng', ctx('name'))).toBe('曾');
    expect(texts('shan', ctx('name')).slice(0, 6)).toContain('单');
    expect(first('ouyang', ctx('name'))).toBe('欧阳');
    expect(first('zhuge', ctx('name'))).toBe('诸葛');
  });

  it('reaches the name characters GB 2312 level 1 lacked, and puts them on the first page of a given name', () => {
    expect(texts('xin')).toContain('鑫');
    expect(texts('xi')).toContain('曦');
    expect(texts('hao')).toContain('昊');
    expect(texts('yu')).toContain('钰');
    expect(texts('hui')).toContain('晖');
    expect(texts('xin', ctx('name', '黄')).slice(0, 8)).toContain('鑫');
    expect(texts('xi', ctx('name', '黄鑫')).slice(0, 8)).toContain('曦');
    expect(texts('hao', ctx('name', '李')).slice(0, 8)).toContain('昊');
    expect(texts('yu', ctx('name', '王')).slice(0, 12)).toContain('钰');
    expect(texts('hui', ctx('name', '陈')).slice(0, 12)).toContain('晖');
  });

  it('offers dictionary phrases first', () => {
    expect(first('pingan')).toBe('平安');
    expect(first('canyin')).toBe('餐饮');
    expect(first('youxiangongsi')).toBe('有限公司');
    expect(first('gongjijin')).toBe('公积金');
    expect(first('budongchan')).toBe('不动产');
    expect(first('yingyezhizhao')).toBe('营业执照');
    expect(first('shenfenzheng')).toBe('身份证');
  });

  it('composes a company name typed in one go, not character by character', () => {
    expect(first('pingancanyinyouxiangongsi', ctx('address'))).toBe('平安餐饮有限公司');
    expect(first('pingancanyinyouxiangongsi')).toBe('平安餐饮有限公司');
    expect(first('huaxiakejigufenyouxiangongsi', ctx('address'))).toBe('华夏科技股份有限公司');
    expect(first('xinhuashudian')).toBe('新华书店');
  });

  it('keeps the rest of the buffer when a candidate covers only its start', () => {
    const c = ime.candidates('pingancanyin');
    const pingan = c.find((x) => x.text === '平安');
    expect(pingan?.consumed).toBe(6);
    const ping = c.find((x) => x.text === '平');
    expect(ping?.consumed).toBe(4);
    // No reading that splits a syllable: 品格 (pin g…) is not a reading of the start of `pingan`.
    expect(texts('pingan')).not.toContain('品格');
  });

  it('ranks a character that continues the word already in the field first', () => {
    expect(first('yin', ctx('address', '平安餐'))).toBe('饮');
    expect(first('xian', ctx('address', '平安餐饮有'))).toBe('限');
    expect(first('si', ctx('address', '平安餐饮有限公'))).toBe('司');
    expect(typeBySyllable(['you', 'xian', 'gong', 'si'], 'address', false)).toBe('有限公司');
  });

  it('mends a word typed one syllable at a time: 参 then yin offers 餐饮 in place of 参', () => {
    const c = ime.candidates('yin', { field: 'address', before: '平安参', recent: [{ text: '参', letters: 'can' }] });
    expect(c[0]).toMatchObject({ text: '餐饮', consumed: 3, replaces: 1 });
    // What the field would get anyway is not offered twice: 有 then xian is 限.
    const d = ime.candidates('xian', { field: 'address', before: '有', recent: [{ text: '有', letters: 'you' }] });
    expect(d[0]).toMatchObject({ text: '限' });
    expect(d[0]?.replaces).toBeUndefined();
    // Text the keyboard did not type (an ID card filled it) is never replaced.
    const e = ime.candidates('yin', { field: 'address', before: '平安', recent: [{ text: '参', letters: 'can' }] });
    expect(e[0]?.replaces).toBeUndefined();
    // The company name of the issue, one syllable at a time, first candidate each time.
    const syllables = ['ping', 'an', 'can', 'yin', 'you', 'xian', 'gong', 'si'];
    expect(typeBySyllable(syllables, 'address', false)).not.toBe('平安餐饮有限公司');
    expect(typeBySyllable(syllables, 'address')).toBe('平安餐饮有限公司');
    // Names are left alone: 王 then yang stays 王…, never the word 汪洋.
    expect(typeBySyllable(['wang', 'yang'], 'name')).toBe(typeBySyllable(['wang', 'yang'], 'name', false));
    expect(typeBySyllable(['wang', 'yang'], 'name')[0]).toBe('王');
    expect(ime.candidates('yang', { field: 'text', before: '王', recent: [{ text: '王', letters: 'wang' }] })[0]?.text).toBe('汪洋');
  });

  it('reads initials as abbreviations', () => {
    expect(first('yxgs')).toBe('有限公司');
    expect(first('bj')).toBe('北京');
    expect(first('sfz')).toBe('身份证');
  });

  it('knows the places of China, with their short forms, first in addresses', () => {
    expect(first('beijing')).toBe('北京');
    expect(first('shijiazhuang')).toBe('石家庄');
    expect(first('wulumuqi')).toBe('乌鲁木齐');
    expect(first('neimenggu', ctx('address'))).toBe('内蒙古');
    expect(first('chaoyangqu', ctx('address'))).toBe('朝阳区');
    expect(first('haidianqu', ctx('address'))).toBe('海淀区');
    expect(first('pudongxinqu', ctx('address'))).toBe('浦东新区');
    expect(first('yanbian', ctx('address'))).toBe('延边');
    expect(first('guangxi', ctx('address'))).toBe('广西');
    // Place names whose characters have unusual readings.
    expect(texts('luan', ctx('address')).slice(0, 8)).toContain('六安');
    expect(first('bengbu', ctx('address'))).toBe('蚌埠');
    expect(first('chongqing', ctx('address'))).toBe('重庆');
  });

  it('offers every reading of a polyphone, with ü typed as v', () => {
    expect(texts('chang')).toContain('长');
    expect(texts('zhang')).toContain('长');
    expect(texts('lv').slice(0, 3)).toContain('绿');
    expect(first('nv')).toBe('女');
    expect(first('lvse')).toBe('绿色');
    expect(texts('ng')).toContain('嗯');
  });

  it('completes and ranks the hall’s matter names in search', () => {
    const hall = ime.withPhrases([
      { word: '不动产转移登记', syl: ['bu', 'dong', 'chan', 'zhuan', 'yi', 'deng', 'ji'] },
      { word: '公积金', syl: ['gong', 'ji', 'jin'] },
    ]);
    expect(hall.candidates('bdczy', ctx('search'))[0]?.text).toBe('不动产转移登记');
    expect(hall.candidates('budongchanzhuanyi', ctx('search'))[0]?.text).toBe('不动产转移登记');
    expect(hall.candidates('gjj', ctx('search'))[0]?.text).toBe('公积金');
    // Elsewhere the phrases are ordinary words.
    expect(hall.candidates('bdczy', ctx('text')).map((c) => c.text)).not.toContain('不动产转移登记');
  });

  it('gives nothing for letters that spell no syllable, and nothing for an empty buffer', () => {
    expect(ime.candidates('')).toEqual([]);
    expect(ime.candidates('iii')).toEqual([]);
    expect(ime.candidates('v')).toEqual([]);
  });
});
