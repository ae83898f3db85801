"""python -m bot corpus | index | ask "質問" [--json] | serve | eval | feedback | purge"""

from __future__ import annotations

import argparse
import json
import signal
import sys
from pathlib import Path

from bot.errors import BotError
from bot.settings import ROOT, Settings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot", description="採用Q&Aボット")
    sub = parser.add_subparsers(dest="command", required=True)

    corpus = sub.add_parser("corpus", help="clean the source documents into corpus/")
    corpus.add_argument("--source", type=Path, default=ROOT.parent / "shared" / "corpus-source")

    sub.add_parser("index", help="(re)build index/ from corpus/")

    ask = sub.add_parser("ask", help="ask one question")
    ask.add_argument("question")
    ask.add_argument("--json", action="store_true", help="print exactly the /api/chat response body")
    ask.add_argument("--session", default=None)

    serve = sub.add_parser("serve", help="serve the web app and API")
    serve.add_argument("--host", default=None)
    serve.add_argument("--port", type=int, default=None)

    # add_help=False: `eval --help` is answered by evals/run.py, which owns the eval options.
    evaluate = sub.add_parser("eval", help="evaluate retrieval and answers (see evals/README.md)", add_help=False)
    evaluate.add_argument("rest", nargs=argparse.REMAINDER)

    feedback = sub.add_parser("feedback", help="export answer ratings (personal facts already masked)")
    feedback.add_argument("--format", choices=["csv", "json"], default="csv")

    purge = sub.add_parser("purge", help="erase one session's data, or every row past its retention period")
    target = purge.add_mutually_exclusive_group(required=True)
    target.add_argument("--session", help="session id whose facts and ratings are deleted")
    target.add_argument("--expired", action="store_true", help="delete expired sessions, old analytics/feedback/dedupe keys")

    argv = sys.argv[1:] if argv is None else argv
    args, rest = parser.parse_known_args(argv)
    if rest and args.command != "eval":
        parser.error(f"unrecognized arguments: {' '.join(rest)}")
    if args.command == "eval":
        args.rest = [a for a in argv[argv.index("eval") + 1 :]]
    settings = Settings()
    try:
        return COMMANDS[args.command](settings, args)
    except BotError as exc:
        print(f"エラー: {exc}", file=sys.stderr)
        return 2


def _corpus(settings: Settings, args) -> int:
    from bot.corpus.store import import_sources

    docs = import_sources(args.source, settings.corpus_dir)
    for doc in docs:
        print(f"{doc.doc_id}\t{len(doc.text)} chars\t{doc.title}")
    return 0


def _index(settings: Settings, args) -> int:
    from tqdm import tqdm

    from bot.corpus.store import load_corpus
    from bot.index.embedders import make_embedder
    from bot.index.store import build_index

    docs = load_corpus(settings.corpus_dir)
    embedder = make_embedder(settings)
    bar = tqdm(total=0, unit="unit", desc="embedding", file=sys.stderr)

    def progress(done: int, total: int) -> None:
        bar.total = total
        bar.n = done
        bar.refresh()

    manifest = build_index(docs, embedder, settings.index_dir, progress=progress)
    bar.close()
    print(f"built {manifest['units']} units ({manifest['faq_units']} FAQ) with {manifest['embedder']} → {settings.index_dir}")
    return 0


def _ask(settings: Settings, args) -> int:
    from bot.channels.schema import to_response
    from bot.service import build_bot

    bot = build_bot(settings)
    session_id, answer = bot.pipeline.ask(args.question, args.session, settings.current_date())
    body = to_response(session_id, answer)
    if args.json:
        print(json.dumps(body, ensure_ascii=False))
    else:
        print(body["answer"])
        for c in body["citations"]:
            print(f"[{c['n']}] {c['title']}（{c['organization']}）: {c['quote'][:120]}")
    return 0


def _serve(settings: Settings, args) -> int:
    import uvicorn

    from bot.channels.app import create_app
    from bot.service import build_bot

    from bot.logs import configure_logging

    configure_logging(settings.log_level, settings.log_json)
    bot = build_bot(settings)  # refuse a bad index before binding the port
    host = args.host or settings.host
    port = args.port or settings.port
    print(f"serving on http://{host}:{port}", file=sys.stderr)
    # uvicorn finishes in-flight requests on SIGTERM, then re-raises the signal; a no-op handler makes
    # that graceful stop exit 0 (what process supervisors expect) instead of dying by the signal.
    signal.signal(signal.SIGTERM, lambda *_: None)
    uvicorn.run(
        create_app(settings, bot=bot), host=host, port=port, log_config=None, access_log=False,
        log_level=settings.log_level.lower(), timeout_graceful_shutdown=settings.shutdown_grace_seconds,
        forwarded_allow_ips=settings.forwarded_allow_ips,
    )
    return 0


def _eval(settings: Settings, args) -> int:
    # The CLI is the top-level entry point; the library itself never imports evals.
    from evals.run import main as run_eval

    return run_eval(args.rest, settings)


def _feedback(settings: Settings, args) -> int:
    from bot.feedback import FeedbackStore, export
    from bot.store import open_store

    store = open_store(settings)
    sys.stdout.write(export(FeedbackStore(store).rows(), args.format))
    store.close()
    return 0


def _purge(settings: Settings, args) -> int:
    from bot.store import open_store
    from bot.store.retention import purge_expired, purge_session

    store = open_store(settings)
    try:
        counts = purge_session(store, args.session) if args.session else purge_expired(store, settings)
    finally:
        store.close()
    print(json.dumps({"store": store.describe(), "deleted": counts}, ensure_ascii=False))
    return 0


COMMANDS = {"corpus": _corpus, "index": _index, "ask": _ask, "serve": _serve, "eval": _eval, "feedback": _feedback,
            "purge": _purge}
