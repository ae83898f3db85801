"""Bad input against the real app over real HTTP: always a clear 4xx JSON error in Japanese (or a normal
answer when the input happens to be valid), never a 500, never a stack trace.

Property-based (hypothesis) over messages, session ids, arbitrary JSON and raw bytes; schemathesis over
every operation in /openapi.json; explicit cases for 1 MB bodies (declared and chunked), invalid UTF-8,
wrong content types and deeply nested JSON.
"""

from __future__ import annotations

import json

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error

from bot.channels.app import create_app
from bot.channels.schema import MAX_MESSAGE
from bot.settings import Settings
from tests.conftest import TODAY, LiveServer

CONTRACT_KEYS = {"session_id", "kind", "answer", "citations", "eligibility", "suggestions"}
LEAKS = ("Traceback", 'File "', "site-packages", "Exception", "Error:")
PROPERTY = settings(max_examples=40, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@pytest.fixture(scope="module")
def server(bot, tmp_path_factory):
    # Rate limits off: this module sends hundreds of requests from one address on purpose.
    s = Settings(data_dir=tmp_path_factory.mktemp("bad-input"), today=TODAY, rate_limit_ip_per_minute=0, rate_limit_session_per_minute=0)
    with LiveServer(create_app(s, bot=bot)) as srv:
        with httpx.Client(base_url=srv.url, timeout=60) as client:
            yield client


def assert_clean_error(response: httpx.Response, *statuses: int) -> dict:
    assert response.status_code in statuses, response.text[:300]
    assert response.headers["content-type"].startswith("application/json")
    error = response.json()["error"]
    assert set(error) == {"code", "message"} and error["code"]
    assert any("\u3040" <= ch <= "\u30ff" or "\u4e00" <= ch <= "\u9fff" for ch in error["message"])  # Japanese
    for leak in LEAKS:
        assert leak not in response.text
    return error


def assert_answer_or_422(response: httpx.Response) -> None:
    assert response.status_code < 500, response.text[:300]
    if response.status_code == 200:
        assert CONTRACT_KEYS <= set(response.json())
    else:
        assert_clean_error(response, 422)


# --- properties -------------------------------------------------------------------------------------

any_text = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=MAX_MESSAGE + 50)
control_heavy = st.text(alphabet=st.sampled_from("\x00\x01\x07\x08\x0b\x0c\x1b\x7f\u200b\u202e\ufeff\n\r\t 　あ転勤?"), max_size=300)


@PROPERTY
@given(message=st.one_of(any_text, control_heavy))
def test_any_message_gets_an_answer_or_a_clear_422(server, message):
    response = server.post("/api/chat", json={"message": message})
    if 1 <= len(message) <= MAX_MESSAGE:
        assert_answer_or_422(response)
    else:
        code = assert_clean_error(response, 422)["code"]
        assert code == ("message_empty" if not message else "message_too_long")


@PROPERTY
@given(message=st.text(min_size=MAX_MESSAGE + 1, max_size=MAX_MESSAGE + 400))
def test_more_than_2000_chars_is_always_message_too_long(server, message):
    assert assert_clean_error(server.post("/api/chat", json={"message": message}), 422)["code"] == "message_too_long"


@PROPERTY
@given(session_id=st.one_of(st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=200), st.integers(), st.booleans(), st.lists(st.integers(), max_size=3)))
def test_any_session_id_is_handled(server, session_id):
    assert_answer_or_422(server.post("/api/chat", json={"message": "地方転勤はありますか", "session_id": session_id}))


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=30),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.sampled_from(["message", "session_id", "rating", "x"]) | st.text(max_size=8), children, max_size=4),
    max_leaves=30,
)


@PROPERTY
@given(body=json_values, path=st.sampled_from(["/api/chat", "/api/chat/stream", "/api/feedback"]))
def test_any_json_document_is_handled(server, body, path):
    response = server.post(path, json=body)
    assert response.status_code < 500, response.text[:300]
    if response.status_code >= 400:
        assert_clean_error(response, 422)


@PROPERTY
@given(
    raw=st.binary(max_size=4000),
    content_type=st.sampled_from(["application/json", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/octet-stream", ""]),
)
def test_any_bytes_with_any_content_type_are_handled(server, raw, content_type):
    headers = {"content-type": content_type} if content_type else {}
    response = server.post("/api/chat", content=raw, headers=headers)
    assert response.status_code < 500, response.text[:300]
    if response.status_code != 200:
        assert_clean_error(response, 422)


# --- explicit cases ---------------------------------------------------------------------------------

MEGABYTE = 1024 * 1024


@pytest.mark.parametrize("path", ["/api/chat", "/api/chat/stream", "/api/feedback", "/integrations/line/webhook"])
def test_one_megabyte_body_is_413(server, path):
    body = json.dumps({"message": "あ" * (MEGABYTE // 3)}, ensure_ascii=False).encode()
    error = assert_clean_error(server.post(path, content=body, headers={"content-type": "application/json"}), 413)
    assert error["code"] == "body_too_large"


def test_chunked_body_without_length_is_cut_off_at_the_limit(server):
    sent = 0

    def chunks():
        nonlocal sent
        for _ in range(64):  # 1 MB in 16 KB pieces, no Content-Length
            sent += 16384
            yield b" " * 16384

    response = server.post("/api/chat", content=chunks(), headers={"content-type": "application/json"})
    assert assert_clean_error(response, 413)["code"] == "body_too_large"


def test_body_just_under_the_limit_is_read(server):
    padding = 16 * 1024 - len(json.dumps({"message": "転勤", "pad": ""}).encode()) - 1
    body = json.dumps({"message": "転勤", "pad": "x" * padding}).encode()
    assert len(body) < 16 * 1024
    assert server.post("/api/chat", content=body, headers={"content-type": "application/json"}).status_code == 200


@pytest.mark.parametrize(
    "raw",
    [
        b'{"message": "\xff\xfe\xfd"}',  # invalid UTF-8 inside a JSON string
        b'{"message": "\xed\xa0\x80"}',  # an encoded lone surrogate
        b"\xef\xbb\xbf" + b'{"message": 1}',  # BOM then a wrong type
        b'{"message": "\\ud800"}',  # an escaped lone surrogate
    ],
)
def test_invalid_utf8_and_surrogates(server, raw):
    response = server.post("/api/chat", content=raw, headers={"content-type": "application/json"})
    assert response.status_code < 500
    if response.status_code != 200:
        assert_clean_error(response, 422)


@pytest.mark.parametrize(
    "content_type, raw",
    [
        ("text/plain", '{"message": "転勤"}'.encode()),
        ("application/x-www-form-urlencoded", b"message=%E8%BB%A2%E5%8B%A4"),
        ("multipart/form-data; boundary=b", b'--b\r\nContent-Disposition: form-data; name="message"\r\n\r\nx\r\n--b--\r\n'),
        ("application/xml", b"<message>x</message>"),
        (None, '{"message": "転勤"}'.encode()),
    ],
)
def test_wrong_content_types(server, content_type, raw):
    headers = {"content-type": content_type} if content_type else {}
    response = server.post("/api/chat", content=raw, headers=headers)
    assert response.status_code < 500
    if response.status_code != 200:
        assert_clean_error(response, 415, 422)


@pytest.mark.parametrize(
    "raw",
    [
        "[" * 50 + "]" * 50,
        "[" * 8000 + "]" * 8000,  # deeper than Python's recursion limit, still under the 16 KB body limit
        '{"message": ' + '{"a": ' * 2000 + "1" + "}" * 2000 + "}",
        '{"message": "転勤", "session_id": ' + "[" * 5000 + "]" * 5000 + "}",
    ],
)
def test_deeply_nested_json(server, raw):
    assert len(raw.encode()) < 16 * 1024
    assert_clean_error(server.post("/api/chat", content=raw.encode(), headers={"content-type": "application/json"}), 422)


def test_wrong_method_is_405_json(server):
    assert_clean_error(server.get("/api/chat"), 405)


# --- schemathesis over the OpenAPI schema ----------------------------------------------------------


# The operations as the app documents them (building the app does not load the bot), one test each.
# Invalid data can only be generated for operations that take some (parameters or a body).
OPERATIONS = [
    pytest.param(method.upper(), path, mode, id=f"{method.upper()} {path} {mode.value}")
    for path, item in create_app(Settings()).openapi()["paths"].items()
    for method, spec in item.items()
    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
    if mode == GenerationMode.POSITIVE or spec.get("parameters") or spec.get("requestBody")
]


@pytest.fixture(scope="module")
def api_schema(server):
    return schemathesis.openapi.from_url(str(server.base_url) + "/openapi.json")


@pytest.mark.parametrize("method, path, mode", OPERATIONS)
def test_openapi_operations_never_fail_on_the_server(api_schema, server, method, path, mode):
    operation = api_schema[path][method]

    @settings(max_examples=50, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(case=operation.as_strategy(mode))
    def run(case):
        response = case.call_and_validate(base_url=str(server.base_url), checks=[not_a_server_error])
        for leak in LEAKS:
            assert leak not in response.text
        content_type = next((v[0] for k, v in response.headers.items() if k.lower() == "content-type"), "")
        if 400 <= response.status_code < 500 and content_type.startswith("application/json"):
            assert set(response.json()["error"]) == {"code", "message"}

    run()
