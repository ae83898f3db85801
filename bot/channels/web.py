"""Pages: the full-page chat, the embed demo, /sources/{doc_id} with the cited passage highlighted,
plus the widget script and its interface strings (served from the message catalog)."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse
from fastapi.templating import Jinja2Templates

from bot.messages import CATALOG, say
from bot.settings import ROOT

router = APIRouter()
templates = Jinja2Templates(directory=str(ROOT / "web" / "templates"))  # autoescape is on for .html
templates.env.globals["say"] = say
STATIC = ROOT / "web" / "static"


def _bot_url(request: Request) -> str:
    public = getattr(request.app.state.settings, "public_base_url", "") or ""
    return (public or str(request.base_url)).rstrip("/")


@router.get("/", response_class=HTMLResponse)
def chat_page(request: Request) -> HTMLResponse:
    return templates.TemplateResponse(request, "chat.html", {"bot_url": _bot_url(request)})


@router.get("/demo", response_class=HTMLResponse)
def demo_page(request: Request) -> HTMLResponse:
    bot_url = _bot_url(request)
    snippet = f'<script src="{bot_url}/widget.js" data-bot-url="{bot_url}" data-title="{say("channels.title")}" defer></script>'
    return templates.TemplateResponse(request, "demo.html", {"bot_url": bot_url, "snippet": snippet})


@router.get("/widget.js", include_in_schema=False)
def widget_js() -> FileResponse:
    # Short cache: hosts embed a fixed URL, so a fix must reach them without a versioned file name.
    return FileResponse(STATIC / "widget.js", media_type="text/javascript; charset=utf-8", headers={"Cache-Control": "public, max-age=300"})


@router.get("/api/ui-strings")
def ui_strings(lang: str = Query("ja", pattern="^(ja|en)$")) -> JSONResponse:
    """The widget's labels, so its wording lives in bot/messages.py like every other sentence."""
    prefix = "channels."
    return JSONResponse({k[len(prefix):]: v.get(lang) or v["ja"] for k, v in CATALOG.items() if k.startswith(prefix)})


@router.get("/sources/{doc_id}", response_class=HTMLResponse)
def source_page(request: Request, doc_id: str, start: int | None = Query(None, ge=0), end: int | None = Query(None, ge=0)) -> HTMLResponse:
    documents = request.app.state.bot.index.documents
    doc = documents.get(doc_id)
    if doc is None:
        raise HTTPException(status_code=404)
    text = doc.text
    if start is None or end is None or not (start < end <= len(text)):
        start = end = None
    before, passage, after = (text, "", "") if start is None else (text[:start], text[start:end], text[end:])
    official = doc.url if doc.url and doc.url.startswith(("https://", "http://")) else None
    return templates.TemplateResponse(
        request, "source.html", {"doc": doc, "official": official, "before": before, "passage": passage, "after": after}
    )
