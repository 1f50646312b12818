import { describe, expect, it } from '@jest/globals';
import { countZi, withinZiLimit } from './count-zi';

// Every expectation is counted by hand; the comment after each case shows the units.
describe('countZi', () => {
  it.each([
    // Nothing to count
    ['empty string', '', 0],
    ['spaces only', '   ', 0],
    ['tabs and newlines only', '\t\n\r\n', 0],
    ['ideographic spaces only', '\u3000\u3000', 0],
    ['no-break space only', '\u00a0', 0],
    // Chinese only
    ['Chinese only', '大河工坊', 4],
    ['Chinese only, longer', '职教出海建设项目', 8],
    ['Chinese with Chinese punctuation', '你好。', 3], // 你 好 。
    // English words and digits
    ['one English word', 'hello', 1],
    ['two English words', 'hello world', 2],
    ['half-width punctuation stays in its word', 'Hello, world!', 2], // "Hello," "world!"
    ['digits', '2024', 1],
    ['numbers separated by spaces', '2024 2025 2026', 3],
    ['letters and digits in one run', 'ABC2024', 1],
    ['hyphenated word', 'A-B', 1],
    ['a phone number with separators', '0371-69691878/69691013', 1],
    ['percent, half-width', '100%', 1],
    // Mixed
    ['the domain example', '职教出海ABC2024，', 6], // 职 教 出 海 ABC2024 ，
    ['half-width comma joins the word after it', '你好,world', 3], // 你 好 ",world"
    ['full-width comma counts on its own', '你好，world', 4], // 你 好 ， world
    ['half-width full stop after Chinese', '你好.', 3], // 你 好 "."
    ['half-width plus between Chinese', '中文+职业技能', 7], // 中 文 + 职 业 技 能
    ['letter then ideograph', 'A股', 2],
    ['5G then ideographs', '5G网络', 3], // 5G 网 络
    ['percent, full-width', '100％', 2], // 100 ％
    ['a sentence of a narrative', '2024年，学校与肯尼亚XYZ公司签署合作协议，培训本土员工120人次。', 29],
    // 2024 年 ， 学校与肯尼亚(6) XYZ 公司签署合作协议(8) ， 培训本土员工(6) 120 人次(2) 。 = 29
    // Full-width vs half-width punctuation
    ['full-width parentheses', '（一）', 3], // （ 一 ）
    ['half-width parentheses around an ideograph', '(一)', 3], // "(" 一 ")"
    ['half-width parentheses around a digit', '(1)', 1],
    ['book title marks', '《高等学校境外办学指南（试行）》', 16], // 《 10 （ 2 ） 》
    ['tortoise-shell brackets', '教办职成〔2024〕191号', 9], // 4 〔 2024 〕 191 号
    ['curly quotes', '“大河工坊”', 6],
    ['curly quotes around an English word', '“hello”', 3], // “ hello ”
    ['a curly apostrophe splits an English word', 'don’t', 3], // don ’ t
    ['ellipsis and dashes', '……——', 4],
    ['middle dot in a transliterated name', '阿卜杜拉·卡里姆', 8], // 4 · 3
    ['full-width Latin letters', 'ＡＢＣ', 3],
    ['full-width digits and dash', '０３７１－６９６９１８７８', 13], // 4 － 8
    ['half-width katakana', 'ｶﾀｶﾅ', 4],
    // Other East Asian scripts and CJK blocks
    ['hiragana and katakana', 'ひらがなカタカナ', 8],
    ['Hangul syllables', '한국어', 3],
    ['Bopomofo', 'ㄅㄆㄇ', 3],
    ['Kangxi radical', '\u2F00', 1],
    ['CJK compatibility ideograph', '\uF900', 1],
    ['vertical form comma', '\uFE10', 1],
    // Surrogate pairs
    ['CJK extension B ideograph', '𠀀', 1],
    ['two extension B ideographs', '𠀀𠀁', 2],
    ['extension B inside a word', '𠮷野家', 3],
    ['extension B between letters', 'a𠀀b', 3], // a 𠀀 b
    ['ideographic variation sequence', '葛\u{E0100}城', 2], // 葛+VS17 城
    // Emoji
    ['one emoji', '👍', 1],
    ['emoji after Chinese', '好👍', 2],
    ['two emoji in a run', '👍👍', 1],
    ['ZWJ family emoji', '👨\u200D👩\u200D👧', 1],
    ['emoji with skin tone, then a space and Chinese', '👍🏽 赞', 2],
    ['emoji with variation selector', '\u2764\uFE0F', 1],
    ['emoji between ideographs', '出海🚢啦', 4],
    // Paragraphs and separators
    ['newlines between Chinese paragraphs', '第一段。\n\n第二段。', 8],
    ['newlines between English paragraphs', 'Para one.\n\nPara two.', 4],
    ['newline inside Western text', 'ABC\nDEF', 2],
    ['ideographic space between words', 'ABC\u3000DEF', 2],
    ['zero-width space separates words', 'hello\u200Bworld', 2],
  ])('%s: %j counts %i', (_name, text, expected) => {
    expect(countZi(text)).toBe(expected);
  });

  it('counts a 1,500-字 paragraph as 1500 and one more as 1501', () => {
    const sentence = '职教出海，校企同行。'; // 4 + 1 + 4 + 1 = 10
    const paragraph = sentence.repeat(150);
    expect(countZi(paragraph)).toBe(1500);
    expect(countZi(`${paragraph}河`)).toBe(1501);
    expect(countZi(`${paragraph}\n\n`)).toBe(1500);
  });

  it('iterates by code point, not by UTF-16 unit', () => {
    expect('𠀀'.length).toBe(2);
    expect(countZi('𠀀'.repeat(300))).toBe(300);
  });

  it('tells whether a text is within a limit', () => {
    expect(withinZiLimit('大河工坊', 4)).toBe(true);
    expect(withinZiLimit('大河工坊。', 4)).toBe(false);
  });
});
