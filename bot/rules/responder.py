"""Glue for the answering pipeline: decide whether a message asks for a verdict, and answer it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from bot.messages import say
from bot.rules.engine import EligibilityResult, evaluate_best
from bot.rules.exams import find_exam, normalize, suggest
from bot.rules.facts import Facts, extract, merge
from bot.rules.schema import load_rules

OPEN_KEY = "eligibility_open"  # kept beside the facts in the session: a question is awaiting an answer

# Asking for a verdict about oneself, as opposed to asking what the rules are.
_ASKS_VERDICT = re.compile(
    r"受けられ|受けれ(?:る|ます|ますか|そう)|受験でき|受験可能|受験(?:し)?(?:ok|大丈夫)|応募でき|応募可能|"
    r"応募して(?:も)?(?:いい|よい)|(?:受験|応募)資格(?:は|が|を|って|、)?(?:あり|ある|あっ|満た)|対象(?:になり|になる|ですか|でしょうか)|"
    r"(?:試験|区分|職|官|程度|枠)(?:って|は|を|、)?(?:まだ)?(?:いける|いけます|いけそう|行ける|大丈夫|ok)|"
    r"(?:^|[。、!?\s])(?:私|自分|僕)?(?:でも|は|って)?(?:まだ)?(?:いける|いけます|いけそう)|"
    r"am i eligible|can i (?:take|apply|sit)|could i (?:take|apply|sit)|"
    r"do i (?:qualify|meet)|am i (?:allowed|able) to (?:take|apply|sit)|would i be (?:eligible|able)"
)
# Words of a verdict that also describe a rule ('what eyesight makes you eligible for extra time'): a request for one only
# when the asker speaks of themselves.
_VERDICT_IF_PERSONAL = re.compile(r"eligible (?:for|to)|qualify for")
# Longer ways of asking that also ask about the rule or the calendar («日本国籍を持たない者も応募することができますか»,
# 'Can I still apply … now?'): a request for a verdict only with facts the asker states about themselves.
_VERDICT_IF_OWN_FACTS = re.compile(r"(?:受験|応募)(?:する)?(?:こと)?(?:は|が|も)?(?:でき|可能)|(?:試験|区分|選考)を?受けること(?:は|が|も)?でき|"
                                   r"(?:受験|応募)する資格(?:は|が|を)?(?:あり|ある|あっ|満た)|"
                                   r"(?:can|could) i (?:still|also|even) (?:take|apply|sit)")
# Phrases of a general question about the rules («何歳まで受けられますか», «年齢制限は？»).
_GENERAL = re.compile(r"何歳|いつまで|年齢制限|どんな|どういう|条件は|要件は|とは|何ですか|教えて|what is|what are|how old|"
                      r"何年|どの|どれ|どこ|なぜ|どうな|どうすれ|どうしたら|本当|ほんと")
# «外国籍でも…», «二重国籍の人は…», «…だと», «受けられなかったら», «持ってないと»: a case put hypothetically, not the asker's own.
_HYPOTHETICAL = re.compile(r"でも|の(?:人|ひと)|な(?:人|ひと)|の方(?:は|が|って)|者(?:は|が|って|でも)|(?:人|ひと)(?:は|が|って)|だと|なら|場合|"
                           r"たら|れば|ないと|して(?:受験|応募|受け)")
# Facts only a person states about themselves; the others («外国籍», «手帳») may describe a case.
_ABOUT_ONESELF = {"birth_year", "stated_age", "graduation_year", "hs_graduation_year", "hs_years_since", "work_years",
                  "it_years", "enrolled_years"}
# «応募できるって言って»: asking the bot to repeat a claim is not asking for a check.
_QUOTED = re.compile(r"(?:って|と)(?:言|答|書)(?:って|え|い|け)|say (?:that|i)|tell me (?:that )?i (?:can|am)")
_PERSONAL = re.compile(r"私|僕|ぼく|自分|わたし|わたくし|俺|\bi\b|\bi'm\b|\bmy\b")
_NOT_PERSONAL = {"exam", "exam_year"}
# «20歳でも受けられる？» «二十歳なら…»: an age put as a case, not the asker's own («26歳です», «35歳で高校出てから…»).
_AGE_AS_CASE = re.compile(r"(?:\d+|[一二三四五六七八九十]+)\s*(?:歳|才)(?:でも|なら|だと)")
# Saying one means to sit an exam («2027年度に受けたい»): with personal facts, that asks for a verdict.
_INTENT = re.compile(r"受けたい|受験したい|応募したい|受ける(?:つもり|予定)|受験(?:する)?(?:つもり|予定)|志望|"
                     r"(?:want|plan|planning|hope|going) to (?:take|sit|apply)")
_QUESTION = re.compile(r"[?？]|(?:ですか|ますか|は)$")


@dataclass(frozen=True)
class EligibilityTurn:
    result: EligibilityResult | None  # None when no exam can be determined yet
    facts: dict  # merged facts to store back in the session
    text: str  # verdict, one line per check with [n] markers in result.sources order, and/or the question
    suggestions: tuple[str, ...]  # e.g. exam choices when the exam is unknown (≤3)


class EligibilityResponder:
    def __init__(self, rules_path: Path | None = None) -> None:
        self.rules = load_rules(rules_path)

    def wants(self, message: str, stored_facts: dict) -> bool:
        text = normalize(message)
        stated = extract(message, date(2000, 1, 1), self.rules).to_dict()
        said = set(stated) - _NOT_PERSONAL
        if _AGE_AS_CASE.search(text):
            said -= {"stated_age"}
        general, hypothetical = bool(_GENERAL.search(text)), bool(_HYPOTHETICAL.search(text))
        personal = bool(_PERSONAL.search(text)) or bool(said & _ABOUT_ONESELF) or \
            (bool(said) and not general and not hypothetical)
        if _QUOTED.search(text):
            return False
        if _ASKS_VERDICT.search(text):
            return personal or not (general or hypothetical)
        if _VERDICT_IF_PERSONAL.search(text) and personal:
            return True
        own = bool(said & _ABOUT_ONESELF) or (bool(said) and bool(_PERSONAL.search(text)))
        if _VERDICT_IF_OWN_FACTS.search(text) and own:
            return True
        stored_exam = (stored_facts or {}).get("exam") or stated.get("exam")
        if stored_exam and _INTENT.search(text) and set(stated) - _NOT_PERSONAL:
            return True
        if not (stored_facts or {}).get(OPEN_KEY):
            # After a verdict, a statement that changes a fact («いや、1997年生まれでした») re-checks it.
            return bool((stored_facts or {}).get("exam")) and bool(set(stated) - _NOT_PERSONAL) and \
                not _GENERAL.search(text) and not _QUESTION.search(text)
        # A follow-up that only supplies what was asked («1996年6月生まれです»).
        if set(stated) - _NOT_PERSONAL:
            return True
        return bool(stated) and not _GENERAL.search(text)

    def exam_named(self, message: str) -> str | None:
        mention = find_exam(normalize(message), self.rules)
        return mention.exam_id if mention else None

    def remember(self, message: str, stored_facts: dict) -> dict:
        """After a general question («一般職（大卒程度）の受験資格は？»), keep which exam it was about,
        so facts given next («2006年5月生まれで、受けたい») are checked against it. Nothing personal."""
        stated = extract(message, date(2000, 1, 1), self.rules)
        if stated.exam is None:
            return dict(stored_facts or {})
        return {**(stored_facts or {}), "exam": stated.exam}

    def respond(self, message: str, stored_facts: dict, today: date, lang: str = "ja") -> EligibilityTurn:
        facts = merge(Facts.from_dict(stored_facts), extract(message, today, self.rules))
        if facts.exam is None:
            choices = suggest(facts.education_level, self.rules)
            text = say("eligibility.which_exam", lang, choices=say("eligibility.list_sep", lang).join(choices))
            return EligibilityTurn(None, {**facts.to_dict(), OPEN_KEY: True}, text, choices)
        result = evaluate_best(facts.exam, facts, self.rules, today, lang)
        stored = {**facts.to_dict(), OPEN_KEY: result.eligibility.verdict == "need_info"}
        return EligibilityTurn(result, stored, self._render(result, facts, lang), ())

    def _render(self, result: EligibilityResult, facts: Facts, lang: str) -> str:
        eligibility = result.eligibility
        lines = [say(f"eligibility.verdict.{eligibility.verdict}", lang, exam=eligibility.exam, year=result.exam_year)]
        family = self.rules.family(facts.exam or "")
        if family and family.name != eligibility.exam:
            lines.append(say("eligibility.family_member", lang, family=family.name, exam=eligibility.exam))
        if result.exam_year_assumed:
            lines.append(say("eligibility.year_assumed", lang, year=result.exam_year))
        for check in eligibility.checks:
            lines.append(say("eligibility.check_line", lang, mark=say(f"eligibility.mark.{check.status}", lang),
                             label=check.label, detail=check.detail, n=check.cite))
        if any(c.status == "unknown" and "disqualification" in c.id for c in eligibility.checks):
            lines.append(say("eligibility.disqualification_note", lang))
        for note in result.notes:
            lines.append(say(f"eligibility.note.{note}", lang, year=result.exam_year))
        if result.question:
            lines.append(result.question)
        return "\n".join(lines)
