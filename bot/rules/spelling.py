"""Spellings people type instead of the kanji and digits the rules are written in.

Applicants write 「二十五歳」「平成十年」「こうこう そつぎょう」「ｹｲﾑｶﾝ」; the extractor reads digits and
kanji words, so these are rewritten first. Kana words are only the few the rules need (schooling,
exam names, counters), and counters (ねん, さい …) only right after a number, so ordinary kana
sentences are left alone.
"""

from __future__ import annotations

import re

# Hiragana spelling → the kanji the extractor and the rules file use. Katakana forms are derived.
KANA_WORDS: dict[str, str] = {
    # schooling
    "こうとうがっこう": "高等学校", "こうこう": "高校", "こうそつ": "高卒", "だいそつ": "大卒", "いんそつ": "院卒",
    "だいがくいん": "大学院", "だいがく": "大学", "たんだい": "短大", "こうせん": "高専", "しゅうし": "修士",
    "はくし": "博士", "はかせ": "博士", "そつぎょう": "卒業", "しゅうりょう": "修了", "みこみ": "見込み",
    "ざいがく": "在学", "がくせい": "学生",
    # the person
    "うまれ": "生まれ", "せいねんがっぴ": "生年月日", "だんせい": "男性", "じょせい": "女性", "こくせき": "国籍",
    "にほん": "日本", "がいこく": "外国", "しゃかいじん": "社会人", "しょくれき": "職歴", "せいしゃいん": "正社員",
    # asking
    "じゅけん": "受験", "うけられ": "受けられ", "うけれ": "受けれ", "おうぼ": "応募", "しかく": "資格",
    "しけん": "試験",
    # exams
    "そうごうしょく": "総合職", "こっかいっぱん": "国家一般", "いっぱんしょく": "一般職", "けいむかん": "刑務官",
    "けいむ": "刑務", "にゅうこくけいびかん": "入国警備官", "こくぜいせんもんかん": "国税専門官", "こくぜい": "国税",
    "ぜいむしょくいん": "税務職員", "ろうどうきじゅんかんとくかん": "労働基準監督官", "ろうき": "労基",
    "こうくうかんせいかん": "航空管制官", "かんせいかん": "管制官", "がいむしょうせんもんしょくいん": "外務省専門職員",
    "こうぐうごえいかん": "皇宮護衛官", "きょうよう": "教養", "ほうむ": "法務", "ていど": "程度",
    # eras
    "れいわ": "令和", "へいせい": "平成", "しょうわ": "昭和", "がんねん": "元年",
}
# Question words with a counter (「なんさい」「ﾅﾝｼﾞｶﾝ」), as the rules and the answer types spell them.
KANA_INTERROGATIVES: dict[str, str] = {
    "なんさい": "何歳", "なんねんめ": "何年目", "なんかい": "何回", "なんど": "何度", "なんがつ": "何月", "なんねん": "何年", "なんじかん": "何時間", "なんじ": "何時", "なんにん": "何人", "なんめい": "何名",
    "なんにち": "何日", "なんぷん": "何分", "なんふん": "何分", "なんえん": "何円", "なんてん": "何点", "なんぽいんと": "何ポイント", "なんわり": "何割", "なんぱーせんと": "何パーセント",
    "なんせんち": "何センチ", "なんきろ": "何キロ", "なんもん": "何問", "なんだい": "何題",
}
# Counters after a number: 「2026ねん3がつ」「25さい」.
KANA_COUNTERS: dict[str, str] = {"ねんど": "年度", "ねんせい": "年生", "ねんかん": "年間", "ねん": "年",
                                 "がつ": "月", "にち": "日", "さい": "歳"}


def _katakana(hiragana: str) -> str:
    return "".join(chr(ord(c) + 0x60) if "ぁ" <= c <= "ゖ" else c for c in hiragana)


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_WORDS = {**KANA_WORDS, **{_katakana(k): v for k, v in KANA_WORDS.items()}}
_WORD_PATTERN = re.compile(_alternation(_WORDS))
_ASKING = {**KANA_INTERROGATIVES, **{_katakana(k): v for k, v in KANA_INTERROGATIVES.items()}}
_ASKING_PATTERN = re.compile(_alternation(_ASKING))
_COUNTERS = {**KANA_COUNTERS, **{_katakana(k): v for k, v in KANA_COUNTERS.items()}}
_COUNTER_PATTERN = re.compile(rf"(?<=[\d〇零一二三四五六七八九十百千])(\s?)({_alternation(_COUNTERS)})")

_KANJI_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_KANJI_UNITS = {"十": 10, "百": 100, "千": 1000}
# Only numbers that count something the rules use, so 一般職 or 第一号 stay as they are.
_KANJI_NUMBER = re.compile(r"[〇零一二三四五六七八九十百千]+(?=\s?(?:年|歳|才|か月|ヶ月|ヵ月|カ月|箇月|月|日|回))")


def kanji_number(text: str) -> int:
    """「二十五」→ 25, 「千九百九十八」→ 1998, 「二〇〇〇」→ 2000 (digit by digit without units)."""
    if not any(c in _KANJI_UNITS for c in text):
        return int("".join(str(_KANJI_DIGITS[c]) for c in text))
    total, digit = 0, None
    for char in text:
        if char in _KANJI_UNITS:
            total += (1 if digit is None else digit) * _KANJI_UNITS[char]
            digit = None
        else:
            digit = _KANJI_DIGITS[char]
    return total + (digit or 0)


def interrogatives_in_kanji(text: str) -> str:
    """「1ﾆﾁ ﾅﾝｼﾞｶﾝ?」 → 「1ﾆﾁ 何時間?」 (text NFKC-normalized: half-width kana are full-width by then)."""
    return _ASKING_PATTERN.sub(lambda m: _ASKING[m.group(0)], text)


def respell(text: str) -> str:
    """Kanji numerals before counters become digits; known kana words and question words become their kanji."""
    text = interrogatives_in_kanji(text)
    text = _WORD_PATTERN.sub(lambda m: _WORDS[m.group(0)], text)
    text = _COUNTER_PATTERN.sub(lambda m: _COUNTERS[m.group(2)], text)
    return _KANJI_NUMBER.sub(lambda m: str(kanji_number(m.group(0))), text)
