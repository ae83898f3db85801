"""What kind of value a question asks for (a percentage, an amount of money, a number of people …),
and whether a passage contains such a value.

A question asking 「何％？」 is not answered by a passage without a percentage, however close its
topic: among passages that score nearly as well, the first that holds the asked-for kind of value
is preferred, and when none does the documents do not answer the question.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from bot.answer.promote import first_fitting
from bot.rules.spelling import interrogatives_in_kanji
from bot.types import Hit, Unit

_NUM = r"[0-9０-９一二三四五六七八九十百千万,，.．]+"
_SALARY = r"給与|俸給|基本給|給料|年収|月収|月給|初任給"


def _number_of(units: str) -> re.Pattern[str]:
    """A passage stating a number of these units (「30題」「160cm」)."""
    return re.compile(rf"{_NUM}\s*(?:{units})")


@dataclass(frozen=True)
class AnswerType:
    name: str
    asks: re.Pattern[str]  # the question asks for this kind of value
    holds: re.Pattern[str]  # a passage states such a value
    # The passage that states it may rank anywhere among the hits: an application period is one line of its
    # notice, and 「まだ募集してる？」 shares no word with it. None: only hits scoring close to the top one.
    anywhere: bool = False
    # Whether no passage stating it means the documents do not answer. A place may be told without an
    # address (「本庁で行います」), so for places the ranking stands.
    required: bool = True
    # Whether the passage's headings say it (not its text): 「原則として、令和７年１０月１日以降」 is a start date
    # under 「採用予定時期」, while 「採用予定時期までに定年に達する者」 is about who may not apply.
    headed: bool = False


ANSWER_TYPES: tuple[AnswerType, ...] = (
    # A competition ratio is stated as one (「倍率は3.2倍」): 「通常の1.5倍」 multiplies a time and 「拡大率が2倍」 a page.
    AnswerType("ratio", re.compile(r"倍率|競争率|how competitive|competition ratio", re.I), re.compile(r"倍率|競争率")),
    AnswerType("percent", re.compile(r"何\s*(%|パーセント)|何割|割合|比率|[%％]|パーセント|(取得|合格|倍)率|what percent|percentage|proportion|\brate\b", re.I),
               re.compile(rf"{_NUM}\s*(%|パーセント|割|倍)|{_NUM}\s*/\s*100\b")),  # 「俸給等の２０/１００」
    # Pay is not any amount: a housing allowance's 2.8万円 does not say what the salary is. 'Does it pay an allowance'
    # (pay with an object) asks whether something is paid, not how much the salary is; nor does 'what bonus does it pay'.
    AnswerType("salary", re.compile(r"年収|月収|月給|初任給|手取り|(給与|給料|俸給|基本給)[^。?？]{0,6}(いくら|幾ら|どの?くらい|どれくらい|何円)|"
                                     r"salary|(?s:^(?!.*\b(?:bonus(?:es)?|allowances?)\b).*\bpay\b(?!\s+(?:a|an|any|the|some|for)\b))|"
                                     r"income|\bearn", re.I),
               re.compile(rf"(?:{_SALARY})[^。\n]*?{_NUM}\s*万?円|{_NUM}\s*万?円[^。\n]*?(?:{_SALARY})")),
    AnswerType("money", re.compile(r"いくら|何円|幾ら|金額|how much(?! time)", re.I),
               re.compile(rf"{_NUM}\s*(円|万円)|円）|円\)")),
    AnswerType("people", re.compile(r"何人|何名|人数|how many (new )?(people|persons|staff|applicants|candidates|examinees|hires|recruits|"
                                     r"engineers|officers|officials|employees|workers|students|women|men|members)", re.I),
               re.compile(rf"{_NUM}\s*(人|名)|若干名")),
    AnswerType("cases", re.compile(r"何件|件数|how many (cases|applications|claims|requests)", re.I), _number_of("件")),
    # A school is named (「タフツ大学」「ジョージタウン大学の公共政策大学院」): 「英国の大学で」「この大学院で」 name none.
    AnswerType("school", re.compile(r"(どこ|どの|何という|なんて(いう|言う))(の)?(大学|大学院|学校)|(大学|大学院|学校)(名|の名前)|"
                                     r"(大学|大学院)(って|は)どこ|\b(which|what) (university|school|college|graduate school)(?! (?:i|you|we|they|he|she)\b)|"
                                     r"name of the (university|school|college)", re.I),
               re.compile(r"[ァ-ヶー]{2,}大学|[\u4e00-\u9fff]{2,}(?<!短期)大学(?!卒|を卒)|University|College")),
    AnswerType("type_size", re.compile(r"何ポイント|文字の大きさ|字の大きさ|font sizes?|type size|point size", re.I),
               _number_of("ポイント")),
    # A pass mark is a score that passing takes (「基準点は15点」), not any score: 「満点は30点」 does not say it.
    AnswerType("pass_mark", re.compile(r"合格点|合格(最低)?ライン|ボーダー|足切り|基準点|最低点|通過(得)?点|"
                                        r"何点(以上)?(取れば|とれば|で|あれば)(合格|受か|通)|cut-?off|passing (score|mark|grade)|pass mark", re.I),
               re.compile(rf"(合格|基準|通過|最低)[^。\n]{{0,10}}{_NUM}\s*点|{_NUM}\s*点[^。\n]{{0,6}}(以上|で)(合格|通過)")),
    AnswerType("score", re.compile(r"何点|点数|平均点|\bscores?\b", re.I),
               _number_of("点")),
    # An essay's or exam's theme is written as one (「テーマ「今後の…について」」): its format does not say what it was
    # about. (A research theme is told without the word: 「ドイツの大学院で人権について学んでいます」.)
    AnswerType("theme", re.compile(r"(論文|作文|小論文|試験|出題|討議)[^。?？]{0,20}(テーマ|お題|題目)|(テーマ|お題|題目)[^。?？]{0,20}(論文|作文|試験|出題)|"
                                    r"\b(essay|paper) (topic|theme|prompt)|\b(topic|theme) of the (essay|paper)|"
                                    r"essay[^.?]{0,40}\b(topic|theme)|\b(topic|theme)[^.?]{0,40}essay", re.I),
               re.compile(r"テーマ\s*[「『]|[」』]\s*をテーマ|をテーマに")),
    AnswerType("days", re.compile(r"何日(間|分)?(?!に|ま|か?ら)|how many days", re.I),
               _number_of("日")),
    # How many times: 「官庁訪問って何回くらい呼ばれる？」 is not answered by a passage that counts nothing.
    AnswerType("times", re.compile(r"何回|何度|how many times|how often", re.I),
               re.compile(rf"{_NUM}\s*回|毎(年|月|週|日)")),
    # Which year of service: 「語学研修って入省何年目？」 is answered by 「概ね入省5年目に」, not by 「毎年」.
    # Preferred, not required: 「社会人何年目から応募できる？」 is answered by 「通算１３年以上」.
    AnswerType("year_of_service", re.compile(r"何年目|what year of service|which year (of|after) (joining|service)", re.I),
               _number_of("年目"), required=False),
    # After how long: 「入ってから何年くらいで海外赴任？」 is answered by years counted from joining (「入省後約 4 年間は本省
    # で…その後は在外公館」「5年目に」), not by a passage saying only that it happens, nor by the length of something else
    # (「入省後、最初の在外勤務は…1 年間の語学研修」). Preferred, not required, like the year of service.
    AnswerType("elapsed", re.compile(r"何年(くらい|ぐらい|ほど|程度)?で(?!き)|何年後|after how many years|how many years (until|before|after)", re.I),
               re.compile(rf"(入省|入庁|採用|入社|入って)(後|から)?[^。\n]{{0,3}}?{_NUM}\s*年|{_NUM}\s*年(目|後)"), required=False),
    AnswerType("clock", re.compile(r"何時(?!間)|what time", re.I),
               re.compile(rf"{_NUM}\s*(時|:|：)\s*{_NUM}|{_NUM}\s*時")),
    # 「1回の赴任は何年くらい？」 asks a length; 「何年くらいで係長に？」 asks when (year of service).
    AnswerType("duration", re.compile(r"何時間|何分|何年(間|程度|ほど|くらい|ぐらい)(?!で|目)|何か月|何ヶ月|何カ月|how long|how much time|"
                                       r"how many (hours|minutes|years|months)", re.I),
               # 「行政官長期在外研究(2年)」「(1年又は6月)」: a bare year or month in brackets after a programme is its length.
               re.compile(rf"{_NUM}\s*(?:時間|分|日間|週間|か月|ヶ月|年間|年程度|年ほど|年半|年以上|年を経過|年以内|年未満)|"
                          rf"[(（]{_NUM}\s*(?:年|月)(?:又は{_NUM}\s*(?:年|月))?[)）]")),
    AnswerType("questions", re.compile(r"何\s*(問|題)(?!題)|問題数|出題数|how many (questions|items)", re.I),
               _number_of("問(?!題)|題")),
    # A height or weight limit is stated in centimetres or kilograms.
    AnswerType("measure", re.compile(r"何\s*(センチ|cm|キロ|kg|メートル)|身長|体重|how tall|\bheight|\bweight", re.I),
               _number_of("センチ|cm|キロ|kg|メートル")),
    # Whether one can still apply, and until when: answered by the notice's application period.
    AnswerType("application_period",
               re.compile(r"(募集|応募|申し?込み?|受付|エントリー|出願)[^。?？\n]{0,8}(まだ|今から|今でも|いつ|期間|期限|締め?切|〆切|間に合)|"
                          r"(まだ|今から|今でも|今)[^。?？\n]{0,6}(募集|応募|申し?込|受け?付|エントリー|出願)|締め?切り?|〆切|"
                          r"\bdeadline|still (open|accepting|apply)|apply now|application (period|window)", re.I),
               re.compile(r"受付期間"), anywhere=True),
    # A postal address is one line of its document, like an application period: looked for wherever it ranks.
    # A street address need not follow a 〒: 「総務課情報システム管理室（東京都新宿区四谷１－６－１…）」 is where one works.
    AnswerType("address", re.compile(r"所在地|住所|\baddress", re.I),
               re.compile(r"〒\s*[0-9０-９]{3}|[都道府県市区町村][^\s、。()（）]{0,12}?\s?[0-9０-９]{1,4}\s?[-－ー−‐]\s?[0-9０-９]{1,4}"),
               anywhere=True, required=False),
    # Where one would work: the notice's 勤務地, named in the heading over the office (「総務課情報システム管理室（東京都新宿区
    # 四谷…）」), not the address applications are sent to. Among close passages only: one notice has such a section, and
    # 「職場ってどこ？」 naming no organization is not its question.
    AnswerType("workplace", re.compile(r"勤務地|勤務場所|勤務先|職場(は|って|が)?(どこ|何処)|(どこ|何処)(の|で)?(オフィス|職場|庁舎|ビル)|"
                                        r"(どこ|何処)[^。?？]{0,8}(に|へ)(通う|通勤|出勤|出社)|where (would|will|do|does|did) (i|we|you|they|staff|it staff) work|"
                                        r"work(ing)? location|place of work|workplace|which office", re.I),
               re.compile(r"勤務地|勤務場所|勤務先"), required=False, headed=True),
    # When one would start work: the notice's 採用予定時期 / 採用予定日, named in the heading over the date.
    AnswerType("start_date",
               re.compile(r"いつ(頃|ごろ)?から(働|勤務|勤め)|(働き|勤め)始め|勤務開始|いつ(頃|ごろ)?(採用|入庁|入省|着任)|採用(時期|予定日|日)|"
                          r"when (do|would|will|can|could) (i|we|they|you) (start|begin)|start(ing)? date", re.I),
               re.compile(r"採用予定(時期|日)|採用(時期|日)|勤務開始|着任"), anywhere=True, required=False, headed=True),
    # Whom to ask: a telephone number, mail or postal address, one line of its document wherever it ranks.
    AnswerType("contact", re.compile(r"問い?合わ?せ|連絡先|窓口|電話番号|メールアドレス|\bcontact|\binquir(e|y|ies)\b|phone number|e-?mail address", re.I),
               re.compile(r"TEL\s*[0-9０-９]|電話\s*[:：]?\s*[0-9０-９]|[\w.+-]+@[\w-]+\.[\w.]+|〒\s*[0-9０-９]{3}"),
               anywhere=True, required=False),
    # A web page: the line of the named document that prints its address, wherever it ranks.
    AnswerType("web_page", re.compile(r"ウェブ(ページ|サイト)|ホームページ|採用ページ|(採用|公式)サイト|"
                                       r"(?<![a-z])(url|hp|web ?site|web ?page)(?![a-z])|\blink\b", re.I),
               re.compile(r"https?://"), anywhere=True),
    # When: 「官庁訪問っていつから？」 is not answered by a passage that dates nothing (「官庁訪問をした当時」).
    AnswerType("when", re.compile(r"いつ(?!も|でも)|何月|\bwhen (is|are|was|were|do|does|did|will|can|should|would)\b", re.I),
               re.compile(rf"{_NUM}\s*(月|日|年|年度|年目|時|か月|ヶ月|カ月)|時期|以内|以降|上旬|中旬|下旬|毎年|当日|前日|随時|春|夏|秋|冬|"
                          r"\b\d{1,2}/\d{1,2}\b")),  # a table's 「10/20(日)」
    # Who: 「面接って誰がやるの？」 is answered by the passage saying which body or post does it (人事院が…、各府省が…),
    # not by the interview dates; preferred among close passages, since who may also be told without such a word.
    AnswerType("who", re.compile(r"誰|だれ|どの(職員|人|部署|機関)|どんな人が|\bwho\b", re.I),
               re.compile(r"[\u4e00-\u9fff]{2,}(官|員|機関|院|庁|省|課|室|係|局|部|センター)(が|は|により|による|で|を中心)"),
               required=False),
    AnswerType("place",
               re.compile(r"どこ(で|に|へ|まで)?(行|やる|やって|ある|あり|実施|開催|働|勤務|受け|提出|送)|"
                          r"where (is|are|do|does|will|should|can)", re.I),
               re.compile(r"〒|[都道府県][^\s、。]{0,6}?[市区町村]|霞が関|霞ヶ関|庁舎"), required=False),
)


def expected_type(question: str) -> AnswerType | None:
    text = interrogatives_in_kanji(unicodedata.normalize("NFKC", question))  # 「ﾅﾝｼﾞｶﾝ」 asks like 何時間
    for answer_type in ANSWER_TYPES:
        if answer_type.asks.search(text):
            return answer_type
    return None


# An allowance or a leave named in full (在外勤務手当, 年次休暇): the value asked is its own, not any amount.
_NAMED_ALLOWANCE = re.compile(r"[\u4e00-\u9fff]{2,}(?:手当|休暇)")


def values_of_unnamed(answer_type: AnswerType | None, question: str, passage: str) -> list[str]:
    """The allowances and leaves a question asks the amount, rate or days of that the passage does not name:
    a housing allowance's 2.8万円 does not say what 在外勤務手当 is, nor 5 days of sick-child leave 年次休暇."""
    if answer_type is None or answer_type.name not in ("money", "percent", "salary", "days"):
        return []
    text = unicodedata.normalize("NFKC", passage)
    return [a for a in _NAMED_ALLOWANCE.findall(unicodedata.normalize("NFKC", question)) if not _names(a, text)]


def _names(name: str, text: str) -> bool:
    """Whether the text writes the name, one mistyped character allowed (「年時休暇」 is 年次休暇)."""
    head, kind = name[:-2], name[-2:]
    return name in text or any(
        re.search(re.escape(head[:i]) + "." + re.escape(head[i + 1 :] + kind), text) for i in range(len(head)))


def holds(answer_type: AnswerType, passage: str) -> bool:
    return bool(answer_type.holds.search(unicodedata.normalize("NFKC", passage)))


def unit_holds(answer_type: AnswerType, unit: Unit) -> bool:
    return holds(answer_type, "\n".join(unit.headings) if answer_type.headed else unit.text)


def prefer_typed(answer_type: AnswerType | None, hits: tuple[Hit, ...], near: float, depth: int = 5) -> tuple[Hit, ...] | None:
    """Hits reordered so that the first one holds the value the question asks for (see expected_type);
    None when no close hit does.

    `near` is the share of the top score a hit needs to be considered instead of the top one.
    """
    if answer_type is None or not hits:
        return hits
    floor, depth = (0.0, None) if answer_type.anywhere else (hits[0].score * near, depth)
    found = first_fitting(hits, lambda unit: unit_holds(answer_type, unit), floor, depth)
    if found is not None:
        return found
    return None if answer_type.required else hits


# Requests for a service or advice the documents cannot give: writing, correcting, translating, predicting,
# recommending, tips, choosing for the user or ranking, and the bot's own opinion (「…と思う？」). Whatever passage is
# closest, quoting it would not be an answer.
_SERVICE_REQUEST = re.compile(
    r"(添削|書いて(ください|くれ|ほしい|欲しい)?[。?？!！]*$|作って(ください|くれ|ほしい|欲しい)?[。?？!！]*$|翻訳して|"
    r"予想して|占って|コツ|裏技|おすすめ|オススメ|お勧め|必勝法|(と|って)思(う|います|われます)か?[。?？!！]*$|"
    r"(あなた|君|きみ)(自身)?の(意見|考え|感想|見解)|励まして|はげまして|慰めて|なぐさめて|応援して(ください|くれ|ほしい|欲しい|よ)|"
    r"(いい|良い|よい)(方法|手)(って)?(ある|あります|は|を?教え)|(辞め|やめ|退職す|転職す)るべき|"
    r"(代わりに|どっちか|どちらか)?(決めて|選んで)(ください|くれ|ほしい|欲しい|よ)?[。?？!！]*$|ランキング(して|を作って|にして|つけて)|順位を?(つけて|付けて)|順に並べて|"
    r"write (me|my)|proofread|correct my|translate|predict|tips? (for|to)|recommend|do you think|your (\w+ ){0,2}(opinion|views?|take)(?![-\w])|"
    r"(decide|choose|pick) (\w+ )?for me|cheer me up|encourage me|motivate me|should i (quit|resign|leave)\b|"
    r"(good|best) (way|ways|method) to (calm|relax|sleep|stop|deal|cope|stay)|\brank (them|these|those|the \w+)|make a ranking)",
    re.IGNORECASE,
)


def asks_for_service(question: str) -> bool:
    """「履歴書を添削して」「面接のコツ」: a request the documents cannot answer by quotation."""
    return bool(_SERVICE_REQUEST.search(unicodedata.normalize("NFKC", question)))
