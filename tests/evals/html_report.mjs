// Opens an evaluation HTML report in Debian chromium: `node html_report.mjs '<json config>'`.
// Prints one JSON line of observations (console errors, page errors, requests, what rendered).
import { chromium } from "playwright-core";

const cfg = JSON.parse(process.argv[2]);
const browser = await chromium.launch({ executablePath: cfg.chromium, args: ["--no-sandbox"] });
try {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  const problems = [];
  page.on("console", (m) => { if (m.type() === "error" || m.type() === "warning") problems.push(`${m.type()}: ${m.text()}`); });
  page.on("pageerror", (e) => problems.push("pageerror: " + e.message));
  page.on("requestfailed", (r) => problems.push("requestfailed: " + r.url()));
  const requests = [];
  page.on("request", (r) => { if (r.url() !== cfg.url) requests.push(r.url()); });
  await page.goto(cfg.url, { waitUntil: "load" });
  const rendered = await page.evaluate(() => ({
    title: document.title,
    svgs: document.querySelectorAll("svg").length,
    bars: document.querySelectorAll("svg rect").length,
    histogramLines: document.querySelectorAll("svg polyline").length,
    rows: document.querySelectorAll("#matrix tbody tr").length,
    failureLinks: Array.from(document.querySelectorAll("#matrix a")).map((a) => a.getAttribute("href")),
    details: document.querySelectorAll("details[id]").length,
  }));
  // Every failure link must land on a details block showing the question, the answer and the citations.
  const broken = await page.evaluate((hrefs) => hrefs.filter((h) => {
    const d = document.getElementById(h.slice(1));
    return !d || !/question/.test(d.textContent) || !/answer/.test(d.textContent) || !/cited passages/.test(d.textContent);
  }), rendered.failureLinks);
  await page.fill("#filter", cfg.filter);
  const shown = await page.evaluate(() => ({
    visible: Array.from(document.querySelectorAll("#matrix tbody tr")).filter((r) => !r.hidden).length,
    counter: document.getElementById("shown").textContent,
  }));
  // Clicking a visible ✗ opens that failure's details.
  let opened = null;
  const link = page.locator("#matrix tbody tr:not([hidden]) a").first();
  if (await link.count()) {
    const href = await link.getAttribute("href");
    await link.click();
    opened = await page.evaluate((id) => document.getElementById(id).open, href.slice(1));
  }
  if (cfg.screenshot) await page.screenshot({ path: cfg.screenshot, fullPage: false });
  console.log(JSON.stringify({ problems, requests, rendered: { ...rendered, failureLinks: rendered.failureLinks.length }, broken, shown, opened }));
} finally {
  await browser.close();
}
