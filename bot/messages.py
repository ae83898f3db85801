"""Every user-facing sentence, by key, in Japanese (ja) and English (en).

Use `say(key, lang, **values)`. Keep wording here, never in code, so reviewers read it in one place.
"""

from __future__ import annotations

CATALOG: dict[str, dict[str, str]] = {
    # --- errors (HTTP edge) ---
    "error.invalid_json": {"ja": "リクエストの本文が正しいJSONではありません。", "en": "The request body is not valid JSON."},
    "error.validation": {"ja": "入力内容に誤りがあります: {detail}", "en": "The request is invalid: {detail}"},
    "error.message_empty": {"ja": "質問を入力してください（1〜2000文字）。", "en": "Please enter a question (1–2000 characters)."},
    "error.message_too_long": {"ja": "質問が長すぎます。2000文字以内で入力してください。", "en": "The question is too long: 2000 characters at most."},
    "error.not_found": {"ja": "ページが見つかりません。", "en": "Not found."},
    "error.internal": {"ja": "申し訳ありません。処理中に問題が発生しました。時間をおいて再度お試しください。", "en": "Sorry, something went wrong. Please try again later."},
    "error.not_ready": {"ja": "検索インデックスを準備中です。", "en": "The index is not loaded yet."},
    # --- answers ---
    "answer.intro": {"ja": "{source}によると、", "en": "According to {source}:"},
    "answer.multi_intro": {"ja": "組織によって案内が異なります。", "en": "The organizations answer this differently."},
    "answer.for_org": {"ja": "【{org}】", "en": "[{org}]"},
    "answer.sources_note": {"ja": "詳しくは引用元の文書をご確認ください。", "en": "See the cited documents for details."},
    "clarify.which_org": {"ja": "どちらについてのご質問ですか？ {choices} で案内が異なります。", "en": "Which one do you mean? {choices} answer this differently."},
    "fallback.not_covered": {
        "ja": "申し訳ありません。ご質問の内容は、このボットが参照している公式資料には記載がありません。推測でお答えすることはできませんので、下記の担当窓口にお問い合わせください。",
        "en": "Sorry, the official documents this bot uses do not cover that question, and it will not guess. Please contact the office below.",
    },
    "clarify.choice": {"ja": "{org}の場合", "en": "For {org}"},
    "answer.stale": {
        "ja": "※「{title}」の募集・選考は受付期間が終了しています。現在の募集状況は公式の採用ページ・担当窓口でご確認ください。",
        "en": "Note: the recruitment described in “{title}” is closed. Check the official recruitment page or office for current information.",
    },
    "fallback.contact_line": {"ja": "・{org}: {contact}", "en": "- {org}: {contact}"},
    # --- eligibility ---
    # --- conversation ---
    # --- channels ---
}


def say(key: str, lang: str = "ja", **values: object) -> str:
    entry = CATALOG[key]
    template = entry.get(lang) or entry["ja"]
    return template.format(**values) if values else template
