// Browser scenarios for tests/browser/test_widget.py: `node run.mjs <scenario> '<json config>'`.
// Prints one JSON line of observations; throws (exit 1) on the first failed expectation.
import { readFileSync } from "node:fs";
import { chromium } from "playwright-core";

const [scenario, rawConfig] = process.argv.slice(2);
const cfg = JSON.parse(rawConfig);
const AXE = readFileSync(cfg.axe, "utf8");
const W = "saiyo-qa-widget";

function expect(cond, what) {
  if (!cond) throw new Error("expected: " + what);
}

async function newPage(browser, width = 1280, height = 900) {
  const context = await browser.newContext({ viewport: { width, height }, locale: "ja-JP" });
  const page = await context.newPage();
  const problems = [];
  page.on("console", (m) => {
    // axe-core itself applies inline styles while measuring; those refusals are the audit's, not the widget's.
    if (page.axeRan && /inline style/i.test(m.text())) return;
    if (/Content Security Policy|Refused to/i.test(m.text())) problems.push(m.text());
  });
  page.on("pageerror", (e) => problems.push("pageerror: " + e.message));
  return { context, page, problems };
}

// axe runs via page.evaluate (DevTools), so the pages' strict CSP is left on while auditing.
async function axe(page) {
  page.axeRan = true;
  await page.evaluate(AXE);
  const result = await page.evaluate(() =>
    window.axe.run(document, { runOnly: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] }));
  const bad = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(bad.length === 0, "no serious/critical axe violations, got " + JSON.stringify(bad.map((v) => [v.id, v.nodes.map((n) => n.target)])));
  return result.violations.map((v) => v.id);
}

const active = (page, sel) => page.evaluate((s) => {
  const host = document.querySelector(s);
  const a = host && host.shadowRoot && host.shadowRoot.activeElement;
  return a ? a.id || a.className : document.activeElement && document.activeElement.id;
}, sel);

async function askIn(page, scope, question) {
  const before = await page.locator(`${scope} .msg.bot`).count();
  const streamed = page.waitForResponse((r) => r.url().endsWith("/api/chat/stream"));
  await page.locator(`${scope} textarea#q`).fill(question);
  await page.locator(`${scope} textarea#q`).press("Enter");
  const res = await streamed;
  expect(res.headers()["content-type"].startsWith("text/event-stream"), "an SSE response");
  const msg = page.locator(`${scope} .msg.bot`).nth(before);
  await msg.locator(".fb, .suggest, .error").first().waitFor({ timeout: 30000 });
  return msg;
}

const scenarios = {
  // Embedded on a separate-origin host page with a strict CSP: ask, cite, open source, feedback, reload.
  async embed(browser) {
    const { page, problems, context } = await newPage(browser);
    await page.goto(cfg.host);
    await page.locator(`${W}[data-ready]`).waitFor({ state: "attached" });
    const hostStyle = () => page.evaluate(() => [getComputedStyle(document.getElementById("hosth")).color, getComputedStyle(document.getElementById("hostbtn")).backgroundColor]);
    const styleBefore = await hostStyle();
    await page.locator(`${W} .launcher`).click();
    expect((await active(page, W)) === "q", "focus moves into the panel on open");
    const msg = await askIn(page, W, "地方転勤はありますか");
    const text = await msg.locator(".text").innerText();
    expect(text.includes("ジョブローテーション"), "the answer text");
    const cite = msg.locator(".text a", { hasText: "[1]" });
    const href = await cite.getAttribute("href");
    expect(href.startsWith(cfg.bot + "/sources/") && href.endsWith("#passage"), "[1] links to the bot's source page: " + href);
    expect((await msg.locator(".sources li").count()) >= 1, "a source list");
    expect((await msg.locator(".sources li").first().innerText()).includes("出入国在留管理庁"), "source organization");
    expect(JSON.stringify(await hostStyle()) === JSON.stringify(styleBefore), "host styles unchanged");
    const widgetFont = await page.locator(`${W} .launcher`).evaluate((b) => getComputedStyle(b).backgroundColor);
    expect(widgetFont !== "rgb(255, 0, 255)", "host button styles do not reach the widget");
    const spacing = await msg.locator(".text").evaluate((p) => getComputedStyle(p).letterSpacing);
    expect(spacing === "normal", "inherited host text styles do not reach the widget: " + spacing);
    await page.screenshot({ path: `${cfg.artifacts}/widget-desktop-1280.png` });
    // Open the cited source: passage highlighted and focused.
    const [popup] = await Promise.all([context.waitForEvent("page"), cite.click()]);
    await popup.waitForLoadState();
    const mark = await popup.evaluate(() => ({ text: document.getElementById("passage")?.textContent || "", focused: document.activeElement?.id }));
    expect(mark.text.includes("ジョブローテーション") && mark.focused === "passage", "source passage highlighted and focused: " + JSON.stringify(mark));
    await popup.screenshot({ path: `${cfg.artifacts}/source-desktop-1280.png` });
    const sourceAxe = await axe(popup);
    await popup.close();
    // Feedback.
    await msg.locator("button.rate[data-rating=up]").click();
    expect((await msg.locator("button.rate[data-rating=up]").getAttribute("aria-pressed")) === "true", "rating pressed");
    await msg.locator(".fb-form textarea").fill("わかりやすい。090-1234-5678");
    const fb = page.waitForResponse((r) => r.url().endsWith("/api/feedback"));
    await msg.locator(".fb-form button[type=submit]").click();
    expect((await fb).status() === 201, "feedback stored");
    await msg.locator(".thanks").first().waitFor();
    const hostAxe = await axe(page);
    // Reload: the conversation and panel come back.
    await page.reload();
    page.axeRan = false; // a fresh document: watch for inline-style refusals again
    await page.locator(`${W}[data-ready]`).waitFor({ state: "attached" });
    const after = await page.locator(`${W} .msg.user .text`).allInnerTexts();
    expect(after.includes("地方転勤はありますか"), "transcript kept across reloads");
    expect(await page.locator(`${W} .msg.bot .sources a`).first().isVisible(), "citations kept across reloads");
    expect(await page.locator(`${W} .msg.bot .thanks`).first().isVisible(), "feedback state kept");
    const msg2 = await askIn(page, W, "英語が苦手でも大丈夫？");
    expect((await msg2.locator(".suggest button").count()) >= 2, "clarify suggestions as buttons");
    expect(problems.length === 0, "no CSP violations or page errors: " + problems.join(" | "));
    return { hostAxe, sourceAxe };
  },

  // Keyboard only: Tab to the launcher, Enter opens, type + Enter asks, Escape closes back to the launcher.
  async keyboard(browser) {
    const { page, problems } = await newPage(browser);
    await page.goto(cfg.host);
    await page.locator(`${W}[data-ready]`).waitFor({ state: "attached" });
    let found = false;
    for (let i = 0; i < 6 && !found; i++) {
      await page.keyboard.press("Tab");
      found = (await active(page, W)) === "launcher";
    }
    expect(found, "the launcher is reachable by Tab");
    const ring = await page.locator(`${W} .launcher`).evaluate((b) => getComputedStyle(b).outlineStyle);
    expect(ring !== "none", "visible focus on the launcher");
    await page.keyboard.press("Enter");
    expect((await active(page, W)) === "q", "Enter opens and focuses the input");
    await page.keyboard.type("障害者選考で関東の採用予定数は？");
    await page.keyboard.press("Enter");
    const msg = page.locator(`${W} .msg.bot`).last();
    await msg.locator(".fb").waitFor({ timeout: 30000 });
    expect((await msg.innerText()).includes("127人"), "answer arrives");
    await page.keyboard.press("Shift+Tab"); // from the input back into the log region (still inside the panel)
    await page.keyboard.press("Escape");
    expect(await page.locator(`${W} .panel`).isHidden(), "Escape closes the panel");
    expect((await active(page, W)) === "launcher", "focus returns to the launcher");
    expect(problems.length === 0, "no page errors: " + problems.join(" | "));
    return {};
  },

  // The full-page chat at phone width: no horizontal scrolling, answer readable, axe clean.
  async phone(browser) {
    const { page, problems } = await newPage(browser, 360, 740);
    await page.goto(cfg.bot + "/");
    await page.locator("#chat-root[data-ready]").waitFor({ state: "attached" });
    const msg = await askIn(page, "#chat-root", "地方転勤はありますか");
    expect((await msg.locator(".sources li").count()) >= 1, "sources on the phone page");
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(overflow <= 360, "no horizontal scroll at 360px, width " + overflow);
    await page.screenshot({ path: `${cfg.artifacts}/chat-phone-360.png`, fullPage: true });
    const pageAxe = await axe(page);
    // The embedded widget at 360 px as well.
    const host = await newPage(browser, 360, 740);
    await host.page.goto(cfg.host);
    await host.page.locator(`${W}[data-ready]`).waitFor({ state: "attached" });
    await host.page.locator(`${W} .launcher`).click();
    const box = await host.page.locator(`${W} .panel`).boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= 360, "panel fits in 360px: " + JSON.stringify(box));
    await host.page.screenshot({ path: `${cfg.artifacts}/widget-phone-360.png` });
    // Text resized to 200%: still no horizontal scrolling of the page.
    await page.evaluate(() => { document.documentElement.style.fontSize = "200%"; });
    const zoomed = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(zoomed <= 360, "reflows at 200% text, width " + zoomed);
    expect(problems.length === 0 && host.problems.length === 0, "no CSP violations: " + problems.concat(host.problems).join(" | "));
    return { pageAxe };
  },

  // An injected-HTML question is shown as text and never runs.
  async xss(browser) {
    const { page } = await newPage(browser);
    await page.goto(cfg.bot + "/");
    await page.locator("#chat-root[data-ready]").waitFor({ state: "attached" });
    const payload = "<img src=x onerror=window.__xss=1>";
    await askIn(page, "#chat-root", payload);
    const shown = await page.locator("#chat-root .msg.user .text").last().innerText();
    expect(shown === payload, "the question is rendered as text");
    expect((await page.locator("#chat-root img").count()) === 0, "no <img> was created");
    await page.waitForTimeout(300);
    expect((await page.evaluate(() => typeof window.__xss)) === "undefined", "window.__xss stays undefined");
    return {};
  },

  // Eligibility display and hostile citation URLs, from a stubbed stream (the rules engine may not answer yet).
  async eligibility(browser) {
    const { page } = await newPage(browser);
    const final = {
      session_id: "s1", kind: "eligibility", answer: "受験資格の判定です。[1][2]", suggestions: [],
      citations: [
        { n: 1, doc_id: "d", title: "規則", organization: "人事院", quote: "q", url: "/sources/npa-disability-2019?start=0&end=10#passage" },
        { n: 2, doc_id: "d", title: "<b>悪い</b>", organization: "x", quote: "q", url: "javascript:window.__xss=1" },
      ],
      eligibility: { exam: "障害者選考", verdict: "need_info", missing: ["卒業年月"], checks: [
        { id: "age", label: "年齢", status: "pass", detail: "上限以下", cite: 1 },
        { id: "nat", label: "国籍", status: "fail", detail: "日本国籍が必要", cite: null },
        { id: "edu", label: "学歴", status: "unknown", detail: "", cite: 2 },
      ] },
    };
    const sse = `event: delta\ndata: ${JSON.stringify({ text: final.answer })}\n\nevent: final\ndata: ${JSON.stringify(final)}\n\n`;
    await page.route("**/api/chat/stream", (route) => route.fulfill({ status: 200, contentType: "text/event-stream", body: sse }));
    await page.goto(cfg.bot + "/");
    await page.locator("#chat-root[data-ready]").waitFor({ state: "attached" });
    await page.locator("#chat-root textarea#q").fill("受験できますか");
    await page.locator("#chat-root textarea#q").press("Enter");
    const elig = page.locator("#chat-root .elig");
    await elig.waitFor();
    const statuses = await elig.locator(".status").allInnerTexts();
    expect(statuses.join("|") === "✓ 満たす|✗ 満たさない|? 未確認", "text status labels: " + statuses.join("|"));
    expect((await elig.locator(".check.pass a").getAttribute("href")).includes("/sources/npa-disability-2019"), "check cite link");
    expect((await elig.locator(".missing li").innerText()) === "卒業年月", "missing facts asked");
    const hrefs = await page.locator("#chat-root a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
    expect(!hrefs.some((h) => /^javascript:/i.test(h)), "no javascript: links: " + hrefs.join(" "));
    expect((await page.locator("#chat-root b").count()) === 0, "title markup stays text");
    await axe(page);
    return { hrefs };
  },

  async demo(browser) {
    const { page, problems } = await newPage(browser);
    await page.goto(cfg.bot + "/demo");
    await page.locator(`${W}[data-ready]`).waitFor({ state: "attached" });
    expect((await page.locator("pre.snippet").innerText()).includes(`<script src="${cfg.bot}/widget.js"`), "the embed snippet is shown");
    const demoAxe = await axe(page);
    expect(problems.length === 0, "no CSP violations: " + problems.join(" | "));
    return { demoAxe };
  },
};

const browser = await chromium.launch({
  executablePath: cfg.chromium,
  headless: true,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
});
try {
  const out = await scenarios[scenario](browser);
  console.log(JSON.stringify({ ok: true, ...out }));
} catch (e) {
  console.log(JSON.stringify({ ok: false, error: String(e && e.stack || e) }));
  process.exitCode = 1;
} finally {
  await browser.close();
}
