// The long-term store through the SDK: put, get, search with filters and namespace prefixes, namespaces, delete.
import { test } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { client, raw } from "../lib/server.mjs";

const sdk = client();
const root = `suite-${randomUUID().slice(0, 8)}`; // this file's namespace, so other files' items never match

test("store.putItem then getItem returns the value with its namespace, key and times", async () => {
  await sdk.store.putItem([root, "users", "ada"], "prefs", { theme: "dark", n: 1 });
  const item = await sdk.store.getItem([root, "users", "ada"], "prefs");
  assert.deepEqual(item.namespace, [root, "users", "ada"]);
  assert.equal(item.key, "prefs");
  assert.deepEqual(item.value, { theme: "dark", n: 1 });
  assert.ok(!Number.isNaN(Date.parse(item.created_at)));
  assert.ok(!Number.isNaN(Date.parse(item.updated_at)));
  assert.equal(await sdk.store.getItem([root, "users", "ada"], "missing"), null);
});

test("store.searchItems filters by namespace prefix and value, and pages", async () => {
  await sdk.store.putItem([root, "s", "a"], "k1", { color: "red", n: 1 });
  await sdk.store.putItem([root, "s", "b"], "k2", { color: "blue", n: 5 });
  await sdk.store.putItem([root, "s", "b"], "k3", { color: "red", n: 9 });
  const all = await sdk.store.searchItems([root, "s"]);
  assert.deepEqual(all.items.map((i) => i.key).sort(), ["k1", "k2", "k3"]);
  const red = await sdk.store.searchItems([root, "s"], { filter: { color: "red" } });
  assert.deepEqual(red.items.map((i) => i.key).sort(), ["k1", "k3"]);
  const big = await sdk.store.searchItems([root, "s"], { filter: { n: { $gt: 3 } } });
  assert.deepEqual(big.items.map((i) => i.key).sort(), ["k2", "k3"]);
  const page = await sdk.store.searchItems([root, "s"], { limit: 1, offset: 1 });
  assert.equal(page.items.length, 1);
});

test("store.searchItems with a query ranks by meaning and scores (the example config's index)", async () => {
  await sdk.store.putItem([root, "docs"], "stocks", { text: "Quarterly earnings of technology shares beat the forecast" });
  await sdk.store.putItem([root, "docs"], "pasta", { text: "Boil the spaghetti al dente, toss with garlic and parmesan" });
  await sdk.store.putItem([root, "docs"], "car", { text: "Change the engine oil of your car every ten thousand km" });
  const found = await sdk.store.searchItems([root, "docs"], { query: "Italian cooking" });
  assert.equal(found.items[0].key, "pasta");
  assert.equal(typeof found.items[0].score, "number");
  assert.ok(found.items[0].score > found.items[1].score);
});

test("store.listNamespaces lists under a prefix, to a depth", async () => {
  await sdk.store.putItem([root, "ns", "one", "x"], "k", { v: 1 });
  await sdk.store.putItem([root, "ns", "two"], "k", { v: 2 });
  const listed = await sdk.store.listNamespaces({ prefix: [root, "ns"] });
  assert.deepEqual(listed.namespaces.map((n) => n.join(".")).sort(),
    [`${root}.ns.one.x`, `${root}.ns.two`]);
  const shallow = await sdk.store.listNamespaces({ prefix: [root, "ns"], maxDepth: 3 });
  assert.deepEqual(shallow.namespaces.map((n) => n.join(".")).sort(), [`${root}.ns.one`, `${root}.ns.two`]);
});

test("store.deleteItem removes it; a label with a dot is a 422 from the server too", async () => {
  await sdk.store.putItem([root, "del"], "k", { v: 1 });
  await sdk.store.deleteItem([root, "del"], "k");
  assert.equal(await sdk.store.getItem([root, "del"], "k"), null);
  // the SDK refuses it before sending; a client that does not is answered 422 with a detail
  await assert.rejects(sdk.store.putItem([root, "a.b"], "k", { v: 1 }), /periods/);
  const r = await raw("/store/items", { method: "PUT", headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ namespace: [root, "a.b"], key: "k", value: { v: 1 } }) });
  assert.equal(r.status, 422);
  assert.match((await r.json()).detail, /\./);
});
