/**
 * A small pinyin input method for the on-screen keyboard (a kiosk has no OS keyboard and no IME): type
 * letters, pick a character. Candidates are the 3,755 GB 2312 level-1 characters (the common ones; the
 * table is sorted by pinyin already), most frequent first, with surnames and address characters ranked
 * high because names and addresses are what citizens type here.
 */
/** Frequent characters, surnames and address words first; the rest follow in GB 2312 order. */
const PREFERRED =
  '的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严龙飞' +
  '李刘陈杨黄赵吴徐孙朱胡郭罗梁谢宋唐韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁沈姚卢姜崔钟谭陆汪范廖贾夏韦付邹孟熊秦邱尹薛闫段雷侯陶黎贺顾郝龚邵钱覃武戴莫孔汤' +
  '伟芳娜秀英敏静丽磊洋勇艳杰娟涛超霞刚桂兰玉梅凤华建国志红燕萍鹏辉斌宇浩凯晨欣怡婷雪琳' +
  '镇乡村街巷弄栋楼室元苑园庭湾府';

export interface ImeTable {
  /** Candidates for a typed pinyin: exact syllable matches first, then syllables starting with it. */
  candidates(typed: string, limit?: number): string[];
}

/** GB 2312 level 1 (rows B0–D7), decoded with the browser's own GB 18030 decoder. */
export function gb2312Level1(): string[] {
  const d = new TextDecoder('gb18030');
  const out: string[] = [];
  for (let r = 0xb0; r <= 0xd7; r++) {
    for (let c = 0xa1; c <= 0xfe; c++) {
      if (r === 0xd7 && c > 0xf9) break;
      out.push(d.decode(Uint8Array.from([r, c])));
    }
  }
  return out;
}

export function buildImeTable(chars: readonly string[], readingsOf: (ch: string) => string[]): ImeTable {
  const rank = new Map<string, number>();
  [...PREFERRED].forEach((ch, i) => {
    if (!rank.has(ch)) rank.set(ch, i);
  });
  const order = [...new Set([...PREFERRED, ...chars])];
  const bySyllable = new Map<string, string[]>();
  for (const ch of order) {
    for (const r of new Set(readingsOf(ch).map((s) => s.toLowerCase().replace(/ü/g, 'v')))) {
      if (!/^[a-z]+$/.test(r)) continue;
      const list = bySyllable.get(r);
      if (list) list.push(ch);
      else bySyllable.set(r, [ch]);
    }
  }
  const syllables = [...bySyllable.keys()].sort();
  return {
    candidates(typed, limit = 40) {
      const t = typed.toLowerCase();
      if (t === '') return [];
      const exact = bySyllable.get(t) ?? [];
      const prefixed: string[] = [];
      for (const s of syllables) if (s !== t && s.startsWith(t)) prefixed.push(...(bySyllable.get(s) ?? []));
      prefixed.sort((a, b) => (rank.get(a) ?? 1e6) - (rank.get(b) ?? 1e6));
      return [...new Set([...exact, ...prefixed])].slice(0, limit);
    },
  };
}

let cached: Promise<ImeTable> | null = null;
/** The IME table, built once on first use (≈0.2 s). */
export function loadImeTable(): Promise<ImeTable> {
  cached ??= import('pinyin-pro').then(({ pinyin }) =>
    buildImeTable(gb2312Level1(), (ch) => pinyin(ch, { toneType: 'none', multiple: true, type: 'array', v: true })),
  );
  return cached;
}
