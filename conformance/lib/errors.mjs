// How HTTP errors reach an application through the SDK: its HTTPError, with `status` and the body as `text`.
import assert from "node:assert/strict";

/**
 * `action` (a promise, or a function returning one) rejects with the SDK's HTTP error of `status`, whose body is
 * the server's JSON `{"detail": ...}` with a detail matching `detail` (a RegExp). Returns the detail.
 */
export async function rejectsWithStatus(action, status, detail = /./) {
  let error;
  try {
    await (typeof action === "function" ? action() : action);
  } catch (e) {
    error = e;
  }
  assert.ok(error, `expected an HTTP ${status} error, but the call succeeded`);
  assert.equal(error.status, status, `expected HTTP ${status}, got ${error.status ?? "no status"}: ${error.message}`);
  assert.match(error.message, new RegExp(`^HTTP ${status}: `));
  return assertDetail(error.text, detail);
}

/** `body` (text) is JSON `{"detail": "<text matching detail>"}`; returns the detail. */
export function assertDetail(body, detail = /./) {
  let json;
  try {
    json = JSON.parse(body);
  } catch {
    assert.fail(`error body is not JSON: ${body}`);
  }
  assert.equal(typeof json.detail, "string", `error body has no string "detail": ${body}`);
  assert.match(json.detail, detail);
  return json.detail;
}

/** A raw response is an error of `status` with a JSON `{"detail"}` body matching `detail`. */
export async function assertErrorResponse(response, status, detail = /./) {
  const body = await response.text();
  assert.equal(response.status, status, `expected HTTP ${status}, got ${response.status}: ${body}`);
  assert.match(response.headers.get("content-type") ?? "", /application\/json/);
  return assertDetail(body, detail);
}

/** Iterates a stream to its first part (or its end); for streams whose request should fail. */
export async function firstPart(stream) {
  for await (const part of stream) return part;
  return undefined;
}
