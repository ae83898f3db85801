"""Pages: the full-page chat and /sources/{doc_id} with the cited passage highlighted."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from bot.settings import ROOT

router = APIRouter()
templates = Jinja2Templates(directory=str(ROOT / "web" / "templates"))  # autoescape is on for .html


@router.get("/", response_class=HTMLResponse)
def chat_page(request: Request) -> HTMLResponse:
    return templates.TemplateResponse(request, "chat.html", {})


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
    return templates.TemplateResponse(
        request, "source.html", {"doc": doc, "before": before, "passage": passage, "after": after}
    )
