/* 採用Q&A widget: one dependency-free script for both the embeddable launcher+panel and the full chat page.
 *   <script src="https://BOT/widget.js" data-bot-url="https://BOT" data-title="採用Q&A" defer></script>
 *   page mode: add data-mode="page" data-target="element-id".
 * Safety rules this file keeps: every bot/corpus string goes through textContent (never innerHTML);
 * links are only built for http(s) URLs resolved against the bot; no inline styles (host CSPs may forbid them),
 * the stylesheet is a <link> to the bot origin inside the shadow root so the host page is never restyled. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !window.fetch) return;
  var ds = script.dataset;
  var botUrl = (ds.botUrl || new URL(script.src, location.href).origin).replace(/\/+$/, "");
  var pageMode = ds.mode === "page";
  var storeKey = "saiyo-qa:" + botUrl; // per bot URL, so two bots on one site never share a conversation
  var MAX_TURNS = 50;
  var T = {};
  var state = load();
  var busy = false;
  var ui = {};

  function t(key, values) {
    var s = T[key] || key;
    return values ? s.replace(/\{(\w+)\}/g, function (m, k) { return k in values ? String(values[k]) : m; }) : s;
  }

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    if (attrs) Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text != null) e.textContent = text;
    return e;
  }

  function load() {
    try {
      var s = JSON.parse(localStorage.getItem(storeKey) || "null");
      if (s && Array.isArray(s.turns)) return s;
    } catch (e) { /* storage blocked or corrupt: start fresh */ }
    return { sessionId: null, turns: [], open: false };
  }

  function save() {
    // Persist only answered turns, without dropping an in-flight turn from memory (its answer may still arrive).
    var done = state.turns.filter(function (x) { return x.r; }).slice(-MAX_TURNS);
    var copy = { sessionId: state.sessionId, turns: done, open: state.open };
    try { localStorage.setItem(storeKey, JSON.stringify(copy)); } catch (e) { /* private mode: keep in memory */ }
  }

  function safeUrl(url) {
    try {
      var u = new URL(url, botUrl + "/");
      return u.protocol === "https:" || u.protocol === "http:" ? u.href : null;
    } catch (e) { return null; }
  }

  function link(href, text, label) {
    var a = el("a", { href: href }, text);
    if (label) a.setAttribute("aria-label", label);
    if (!pageMode) { a.target = "_blank"; a.rel = "noopener noreferrer"; }
    return a;
  }

  function citeLink(cites, n) {
    var c = cites.filter(function (x) { return x.n === n; })[0];
    var href = c && safeUrl(c.url);
    return href ? link(href, "[" + n + "]", t("cite_label", { n: n, title: c.title })) : document.createTextNode("[" + n + "]");
  }

  // The answer text with each [n] marker turned into a link to citation n.
  function answerText(p, text, cites) {
    p.textContent = "";
    var re = /\[(\d+)\]/g, last = 0, m;
    while ((m = re.exec(text))) {
      p.appendChild(document.createTextNode(text.slice(last, m.index)));
      p.appendChild(citeLink(cites, Number(m[1])));
      last = re.lastIndex;
    }
    p.appendChild(document.createTextNode(text.slice(last)));
  }

  function sources(cites) {
    var box = el("div", { class: "sources" });
    box.appendChild(el("p", { class: "label" }, t("sources")));
    var ol = el("ol");
    cites.forEach(function (c) {
      var li = el("li", { value: String(c.n) });
      var href = safeUrl(c.url);
      li.appendChild(href ? link(href, c.title) : el("span", null, c.title));
      li.appendChild(el("span", { class: "org" }, "（" + c.organization + "）"));
      ol.appendChild(li);
    });
    box.appendChild(ol);
    return box;
  }

  function eligibility(e, cites) {
    var box = el("div", { class: "elig" });
    box.appendChild(el("p", { class: "verdict" }, t("verdict_" + e.verdict) + "（" + e.exam + "）"));
    var ul = el("ul", { class: "checks" });
    e.checks.forEach(function (c) {
      var li = el("li", { class: "check " + c.status });
      // The status is a text label, not colour alone (WCAG 1.4.1).
      li.appendChild(el("span", { class: "status" }, { pass: "✓ ", fail: "✗ ", unknown: "? " }[c.status] + t("check_" + c.status)));
      li.appendChild(el("span", { class: "clabel" }, " " + c.label));
      if (c.detail) li.appendChild(el("span", { class: "detail" }, " — " + c.detail));
      if (c.cite != null) { li.appendChild(document.createTextNode(" ")); li.appendChild(citeLink(cites, c.cite)); }
      ul.appendChild(li);
    });
    box.appendChild(ul);
    if (e.missing && e.missing.length) {
      var q = el("div", { class: "missing" });
      q.appendChild(el("p", null, t("missing")));
      var mul = el("ul");
      e.missing.forEach(function (m) { mul.appendChild(el("li", null, m)); });
      q.appendChild(mul);
      box.appendChild(q);
    }
    return box;
  }

  function suggestions(list) {
    var box = el("div", { class: "suggest", role: "group", "aria-label": t("suggestions") });
    list.forEach(function (s) {
      var b = el("button", { type: "button", class: "chip" }, s);
      b.addEventListener("click", function () { ask(s); });
      box.appendChild(b);
    });
    return box;
  }

  function feedback(turn) {
    var box = el("div", { class: "fb" });
    if (turn.fbSent) { box.appendChild(el("p", { class: "thanks" }, t("feedback_thanks"))); return box; }
    var group = el("div", { role: "group", "aria-label": t("feedback_prompt") });
    group.appendChild(el("span", { class: "label" }, t("feedback_prompt") + " "));
    var form = el("form", { class: "fb-form" });
    form.hidden = true;
    var id = "c" + Math.random().toString(36).slice(2);
    form.appendChild(el("label", { for: id }, t("feedback_comment")));
    var ta = el("textarea", { id: id, rows: "2", maxlength: "2000" });
    form.appendChild(ta);
    form.appendChild(el("button", { type: "submit" }, t("feedback_send")));
    [["up", "👍 "], ["down", "👎 "]].forEach(function (r) {
      var b = el("button", { type: "button", class: "rate", "aria-pressed": "false", "data-rating": r[0] }, r[1] + t("feedback_" + r[0]));
      b.addEventListener("click", function () {
        turn.fb = r[0];
        group.querySelectorAll("button").forEach(function (x) { x.setAttribute("aria-pressed", String(x === b)); });
        form.hidden = false;
        ta.focus();
      });
      group.appendChild(b);
    });
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var r = turn.r;
      fetch(botUrl + "/api/feedback", {
        method: "POST", headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ session_id: r.session_id, question: turn.q, answer: r.answer, citations: r.citations, rating: turn.fb, comment: ta.value }),
      }).then(function (res) {
        if (!res.ok) throw new Error(String(res.status));
        turn.fbSent = true;
        save();
        var thanks = el("p", { class: "thanks", tabindex: "-1" }, t("feedback_thanks"));
        box.replaceWith(thanks);
        thanks.focus();
      }).catch(function () { form.appendChild(el("p", { class: "error" }, t("error"))); });
    });
    box.appendChild(group);
    box.appendChild(form);
    return box;
  }

  // Fill a bot message from a final /api/chat body.
  function renderAnswer(msg, turn) {
    var r = turn.r;
    msg.textContent = "";
    msg.className = "msg bot " + r.kind;
    msg.appendChild(el("span", { class: "sr" }, t("bot") + ": "));
    var p = el("p", { class: "text" });
    answerText(p, r.answer, r.citations);
    msg.appendChild(p);
    if (r.eligibility) msg.appendChild(eligibility(r.eligibility, r.citations));
    if (r.citations.length) msg.appendChild(sources(r.citations));
    if (r.suggestions && r.suggestions.length) msg.appendChild(suggestions(r.suggestions));
    if (r.kind !== "clarify") msg.appendChild(feedback(turn));
    msg.removeAttribute("aria-busy");
  }

  function renderTurn(turn) {
    var user = el("div", { class: "msg user" });
    user.appendChild(el("span", { class: "sr" }, t("you") + ": "));
    user.appendChild(el("p", { class: "text" }, turn.q));
    var bot = el("div", { class: "msg bot" });
    ui.log.appendChild(user);
    ui.log.appendChild(bot);
    if (turn.r) renderAnswer(bot, turn);
    return bot;
  }

  function scrollLog() { ui.log.scrollTop = ui.log.scrollHeight; }

  // Parse the SSE stream by hand: EventSource cannot POST a body.
  function readStream(res, onEvent) {
    var reader = res.body.getReader(), decoder = new TextDecoder(), buf = "";
    function pump() {
      return reader.read().then(function (chunk) {
        buf += decoder.decode(chunk.value || new Uint8Array(), { stream: !chunk.done });
        var blocks = buf.split("\n\n");
        buf = chunk.done ? "" : blocks.pop();
        blocks.forEach(function (block) {
          var ev = "message", data = "";
          block.split("\n").forEach(function (line) {
            if (line.indexOf("event: ") === 0) ev = line.slice(7);
            else if (line.indexOf("data: ") === 0) data += line.slice(6);
          });
          if (data) onEvent(ev, JSON.parse(data));
        });
        return chunk.done ? null : pump();
      });
    }
    return pump();
  }

  function ask(q) {
    q = (q || "").trim();
    if (!q || busy) return;
    busy = true;
    ui.send.disabled = true;
    var turn = { q: q, r: null };
    state.turns.push(turn);
    var msg = renderTurn(turn);
    msg.setAttribute("aria-busy", "true"); // announce the finished answer once, not every chunk
    var p = el("p", { class: "text pending" }, t("thinking"));
    msg.appendChild(p);
    scrollLog();
    var started = false;
    fetch(botUrl + "/api/chat/stream", {
      method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ message: q, session_id: state.sessionId }),
    }).then(function (res) {
      if (!res.ok) return res.json().then(function (b) { throw new Error((b && b.error && b.error.message) || t("error")); });
      return readStream(res, function (ev, data) {
        if (ev === "delta") {
          if (!started) { p.textContent = ""; p.className = "text"; started = true; }
          p.appendChild(document.createTextNode(data.text));
        } else if (ev === "final") {
          turn.r = data;
          state.sessionId = data.session_id;
          renderAnswer(msg, turn);
          save();
        }
        scrollLog();
      });
    }).then(function () {
      if (!turn.r) throw new Error(t("error"));
    }).catch(function (err) {
      msg.removeAttribute("aria-busy");
      p.className = "text error";
      p.textContent = err && err.message && err.message !== "Failed to fetch" ? err.message : t("error");
      state.turns = state.turns.filter(function (x) { return x !== turn; });
    }).then(function () {
      busy = false;
      ui.send.disabled = false;
      scrollLog();
    });
  }

  function setOpen(open, moveFocus) {
    if (pageMode) return;
    ui.panel.hidden = !open;
    ui.launcher.setAttribute("aria-expanded", String(open));
    state.open = open;
    save();
    if (moveFocus) (open ? ui.input : ui.launcher).focus();
    if (open) scrollLog();
  }

  function build() {
    var host = pageMode ? document.getElementById(ds.target) : document.createElement("saiyo-qa-widget");
    if (!host) return;
    if (!pageMode) document.body.appendChild(host);
    var root = host.attachShadow({ mode: "open" });
    root.appendChild(el("link", { rel: "stylesheet", href: botUrl + "/static/widget.css" }));
    var title = ds.title || t("title");
    var wrap = el("div", { class: pageMode ? "wrap page" : "wrap float" });
    ui.panel = el("section", { class: "panel", id: "panel", "aria-labelledby": "ttl" });
    if (!pageMode) { ui.panel.setAttribute("role", "dialog"); ui.panel.hidden = true; }
    var head = el("div", { class: "head" });
    head.appendChild(el(pageMode ? "h2" : "h2", { id: "ttl" }, title));
    var reset = el("button", { type: "button", class: "reset" }, t("reset"));
    reset.addEventListener("click", function () {
      state = { sessionId: null, turns: [], open: state.open };
      save();
      ui.log.textContent = "";
      ui.input.focus();
    });
    head.appendChild(reset);
    if (!pageMode) {
      var close = el("button", { type: "button", class: "close", "aria-label": t("close") }, "×");
      close.addEventListener("click", function () { setOpen(false, true); });
      head.appendChild(close);
    }
    ui.panel.appendChild(head);
    // tabindex: the scrollable transcript must be reachable by keyboard to scroll it.
    ui.log = el("div", { class: "log", role: "log", "aria-live": "polite", "aria-label": title, tabindex: "0" });
    ui.panel.appendChild(ui.log);
    var form = el("form", { class: "ask" });
    form.appendChild(el("label", { for: "q" }, t("input_label")));
    ui.input = el("textarea", { id: "q", rows: "2", maxlength: "2000", autocomplete: "off" });
    ui.send = el("button", { type: "submit", class: "send" }, t("send"));
    var row = el("div", { class: "row" });
    row.appendChild(ui.input);
    row.appendChild(ui.send);
    form.appendChild(row);
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var q = ui.input.value;
      if (q.trim() && !busy) { ui.input.value = ""; ask(q); }
    });
    ui.input.addEventListener("keydown", function (ev) {
      // Enter sends, Shift+Enter breaks the line; never send while a Japanese IME is composing.
      if (ev.key === "Enter" && !ev.shiftKey && !ev.isComposing && ev.keyCode !== 229) { ev.preventDefault(); form.requestSubmit(); }
    });
    ui.panel.appendChild(form);
    if (!pageMode) {
      ui.launcher = el("button", { type: "button", class: "launcher", "aria-expanded": "false", "aria-controls": "panel" }, title);
      ui.launcher.addEventListener("click", function () { setOpen(ui.panel.hidden, true); });
      ui.panel.addEventListener("keydown", function (ev) { if (ev.key === "Escape") { ev.stopPropagation(); setOpen(false, true); } });
      wrap.appendChild(ui.panel);
      wrap.appendChild(ui.launcher);
    } else {
      wrap.appendChild(ui.panel);
    }
    root.appendChild(wrap);
    state.turns.forEach(renderTurn);
    if (!pageMode && state.open) setOpen(true, false); // restore the panel, but do not steal focus on load
    scrollLog();
    host.setAttribute("data-ready", "true"); // lets tests and host pages know the widget is interactive
  }

  function start() {
    var lang = /^en/i.test(document.documentElement.lang || "") ? "en" : "ja";
    fetch(botUrl + "/api/ui-strings?lang=" + lang)
      .then(function (r) { return r.ok ? r.json() : {}; })
      .catch(function () { return {}; })
      .then(function (s) { T = s || {}; build(); });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
