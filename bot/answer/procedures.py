"""A foreign resident's own immigration procedure (a lost 在留カード, renewing a visa, permanent residency).

The bot answers applicants about recruitment. 出入国在留管理庁's guide speaks of 在留カード and visas as the work its
staff do (「マイナンバーカードと在留カードの一体化」), so such a question finds passages that look close. It is asked
about the asker's own status, though, and quoting the staff's work would answer something else.
"""

from __future__ import annotations

import re
import unicodedata

_STATUS = r"(?:在留カード|ビザ|在留資格|在留期間|永住(?:権|許可)?|帰化|再入国(?:許可)?|就労資格)"
_ACTION = r"(?:なくし|無くし|失くし|紛失|盗まれ|更新|延長|再発行|変更|申請|取得|取り|取れ|もらえ|貰え|切れ|失効|手続)"
# Asked for oneself or how to do it: 「在留期間の更新審査ってどの部署？」 asks about the staff's work, and has neither.
_OWN = r"(?:どうすれば|どうしたら|どうやって|方法|には|したい|たい(?:[。！!？?]|$)|できます|できる[？?]|私|自分|僕|俺|ちゃった|しまった|しまいました)"
_JAPANESE = re.compile(rf"{_STATUS}[^。？?]{{0,12}}{_ACTION}.{{0,30}}?{_OWN}|(?:私|自分|僕|俺)[^。]{{0,20}}{_STATUS}[^。？?]{{0,12}}{_ACTION}")
_ENGLISH = re.compile(
    r"\b(?:renew\w*|extend\w*|replac\w*|lost|los[et]|apply\w* for|get\w*|obtain\w*|chang\w*)\b.{0,30}"
    r"\b(?:visa|residence card|residence status|status of residence|period of stay|permanent residen\w*|re-entry permit|naturali[sz]\w*)"
    r"|\b(?:permanent residen\w*|naturali[sz]ation)\b.{0,30}\b(?:requirements?|how|apply|eligible)\b",
    re.IGNORECASE,
)
_ENGLISH_OWN = re.compile(r"\b(?:I|my|me|requirements?)\b", re.IGNORECASE)  # not 'Do musicians apply for visas in New York?'


def asks_about_own_status(question: str) -> bool:
    """「在留カードなくしちゃった…どうすればいい？」 'How do I renew my work visa?': not a recruitment question."""
    text = unicodedata.normalize("NFKC", question)
    return bool(_JAPANESE.search(text) or (_ENGLISH.search(text) and _ENGLISH_OWN.search(text)))
