// The console at /ui in a real browser (Debian's chromium, driven by playwright-core): it loads without console
// errors, a chat run streams into it token by token, an interrupt is resumed from its form, an assistant's graph is
// drawn, and a cut thread stream resumes where it stopped. run.sh sets SPOOL_CHROMIUM on the sqlite run only, so
// `./spool test` runs this file once.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";
import { SPOOL_URL, client } from "../lib/server.mjs";
import { insideEvent, startCuttingProxy } from "../lib/proxy.mjs";

const CHROMIUM = process.env.SPOOL_CHROMIUM;
const REPLY = "Hello from the fake model!";
const WAIT = { timeout: 30_000 };
const sdk = client();

describe("the console at /ui", { skip: !CHROMIUM && "SPOOL_CHROMIUM is not set (run.sh sets it on the sqlite run)" }, () => {
  let browser;
  before(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
  });
  after(async () => {
    await browser?.close();
  });

  /** A fresh page; `problems` collects console errors, page errors and failed requests. */
  async function openPage(base = SPOOL_URL) {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    const problems = [];
    page.on("console", (m) => { if (m.type() === "error" || m.type() === "warning") problems.push(`console ${m.type()}: ${m.text()}`); });
    page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
    page.on("requestfailed", (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
    page.on("response", (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`); });
    page.base = base;
    return { page, problems, close: () => context.close() };
  }

  async function openThread(page, threadId) {
    await page.goto(`${page.base}/ui#/threads/${threadId}`);
    await page.waitForSelector("#view[data-stream-ready]", WAIT);
  }

  test("the page loads its threads list and assistants without console errors", async () => {
    const { page, problems, close } = await openPage();
    try {
      const tag = `list-${Date.now()}`;
      const { thread_id } = await sdk.threads.create({ metadata: { ui_test: tag } });
      await page.goto(`${SPOOL_URL}/ui`);
      await page.waitForSelector(`a[href="#/threads/${thread_id}"]`, WAIT);
      await page.fill("input[name=metadata]", `ui_test=${tag}`);
      await page.click("form.search button");
      await page.waitForFunction(() => document.querySelectorAll("table.list tbody tr").length === 1, null, WAIT);
      await page.click('a[data-nav="assistants"]');
      await page.waitForSelector('a[href^="#/assistants/"]', WAIT);
      assert.deepEqual(problems, []);
    } finally {
      await close();
    }
  });

  test("a chat run streams into the chat panel token by token", async () => {
    const { page, problems, close } = await openPage();
    try {
      const { thread_id } = await sdk.threads.create({ graphId: "chat" });
      await openThread(page, thread_id);
      // every text the AI message shows while it streams
      await page.evaluate(() => {
        window.seen = [];
        new MutationObserver(() => {
          const t = document.querySelector(".msg.ai .content")?.textContent;
          if (t && window.seen[window.seen.length - 1] !== t) window.seen.push(t);
        }).observe(document.querySelector(".messages"), { subtree: true, childList: true, characterData: true });
      });
      await page.fill(".chat-input textarea", "hi there");
      await page.press(".chat-input textarea", "Enter");
      await page.waitForSelector(".msg.human >> text=hi there", WAIT);
      await page.waitForSelector(".msg.ai:not(.streaming)", WAIT);
      assert.equal(await page.textContent(".msg.ai .content"), REPLY);
      const seen = await page.evaluate(() => window.seen);
      assert.ok(seen.length >= 5, `the reply appeared in ${seen.length} steps, not token by token: ${JSON.stringify(seen)}`);
      for (const t of seen) assert.ok(REPLY.startsWith(t), `${JSON.stringify(t)} is not a prefix of the reply`);
      // the stream view shows the run's events; the runs tab the finished run
      assert.ok(await page.locator('li.event[data-type="messages"]').count() >= REPLY.length);
      await page.click("button[data-tab=runs]");
      await page.waitForSelector("table.runs .status-success", WAIT);
      assert.deepEqual(problems, []);
    } finally {
      await close();
    }
  });

  test("an interrupt is shown with a form and resumed from it", async () => {
    const { page, problems, close } = await openPage();
    try {
      const { thread_id } = await sdk.threads.create({ graphId: "hitl" });
      await openThread(page, thread_id);
      await page.fill("textarea[name=items]", '["from the console"]');
      await page.click(".input-form button[type=submit]");
      await page.waitForSelector("form.interrupt", WAIT);
      assert.match(await page.textContent("form.interrupt pre"), /approve\?/);
      await page.fill("form.interrupt textarea[name=resume]", '{"approved": true}');
      await page.click("form.interrupt button[type=submit]");
      await page.waitForSelector("form.interrupt", { ...WAIT, state: "detached" });
      const thread = await sdk.threads.get(thread_id);
      assert.equal(thread.status, "idle");
      assert.deepEqual(thread.values.items, ["from the console", "prepare", "ask", 'finish:{"approved":true}']);
      await page.click("button[data-tab=history]");
      await page.waitForFunction(() => document.querySelectorAll("li.cp").length >= 4, null, WAIT);
      assert.deepEqual(problems, []);
    } finally {
      await close();
    }
  });

  test("an assistant's graph is drawn as SVG", async () => {
    const { page, problems, close } = await openPage();
    try {
      await page.goto(`${SPOOL_URL}/ui#/assistants/hitl`);
      await page.waitForSelector("svg.graph g.node", WAIT);
      const nodes = await page.$$eval("svg.graph g.node", (els) => els.map((e) => e.dataset.node));
      assert.deepEqual(nodes.sort(), ["__end__", "__start__", "ask", "finish", "prepare"]);
      assert.equal(await page.locator("svg.graph path.edge").count(), 4);
      // layered: each node of the chain sits below the one before it
      const ys = await page.$$eval("svg.graph g.node", (els) => Object.fromEntries(els.map((e) => [e.dataset.node, e.getBoundingClientRect().y])));
      assert.ok(ys.__start__ < ys.prepare && ys.prepare < ys.ask && ys.ask < ys.finish && ys.finish < ys.__end__, JSON.stringify(ys));
      assert.deepEqual(problems, []);
    } finally {
      await close();
    }
  });

  test("a thread stream cut in the middle of an event resumes after the last whole event", async () => {
    const { thread_id } = await sdk.threads.create({ graphId: "chat" });
    const streamPath = `/threads/${thread_id}/stream`;
    const proxy = await startCuttingProxy({ target: SPOOL_URL, match: (r) => r.path === streamPath, cutAt: insideEvent(8) });
    const { page, problems, close } = await openPage(proxy.url);
    try {
      await openThread(page, thread_id);
      await page.fill(".chat-input textarea", "cut me");
      await page.press(".chat-input textarea", "Enter");
      const resumed = await proxy.request((r) => r.path === streamPath && r.lastEventId && r.lastEventId !== "-");
      await page.waitForSelector(".msg.ai:not(.streaming)", WAIT);
      assert.equal(await page.textContent(".msg.ai .content"), REPLY);
      assert.equal(proxy.cutCount(), 1);
      // every event once: as many messages events as characters, one run start and one end
      const ids = await page.$$eval("li.event", (els) => els.map((e) => e.dataset.id));
      assert.equal(new Set(ids).size, ids.length, `an event arrived twice: ${ids}`);
      assert.ok(ids.includes(resumed.lastEventId), "the page resumed after an event it had shown");
      assert.equal(await page.locator('li.event[data-type="messages"]').count(), REPLY.length);
      await page.waitForFunction(() => document.querySelectorAll('li.event[data-type="metadata"]').length === 2, null, WAIT);
      // the browser reports the cut response itself; nothing else may fail
      assert.deepEqual(problems.filter((p) => !/ERR_INCOMPLETE_CHUNKED_ENCODING|ERR_EMPTY_RESPONSE|network error/i.test(p)), []);
    } finally {
      await close();
      await proxy.close();
    }
  });
});
