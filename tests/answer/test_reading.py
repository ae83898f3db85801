import pytest

from bot.answer.glossary import ENGLISH, EVERYDAY, Glossary
from bot.answer.reading import QuestionReader
from bot.answer.scope import Scope


def test_a_reader_needs_documents(bot):
    with pytest.raises(ValueError):
        QuestionReader({}, {}, [], bot.index.lexical.tokenizer, Glossary.load(ENGLISH), Glossary.load(EVERYDAY))


def test_everyday_words_are_read_against_the_documents_in_scope(bot):
    reader = bot.pipeline.reader
    it = Scope(frozenset({"isa-it-2025"}), ())
    disability = Scope(frozenset({"npa-disability-2019"}), ())
    assert reader.in_documents_words("面接はどこ？", it) == "人物試験はどこ?"
    assert reader.in_documents_words("面接はどこ？", disability) == "面接はどこ？"


def test_an_english_question_is_scoped_by_its_glossary_terms(bot):
    assert bot.pipeline.reader.scope_of("What is the salary for the IT specialist role?").doc_ids == {"isa-it-2025"}
