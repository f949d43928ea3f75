package io.spool.it;

import static io.spool.it.StreamAssertions.assertJsonError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every error is {@code {"detail": ...}} JSON in the client's terms (issue 13): Jetty's own answers too, no class
 * names of the parser or the server, malformed query escapes are 400, lone surrogates and bad run options are 422 at
 * creation, system assistants cannot be deleted, bodies over the limit are 413.
 */
abstract class ErrorAnswersContract extends ServerContract {

    /** A Java class or package name, or a Jackson feature/constraint, as parsers put them in messages. */
    private static final Pattern CLASS_NAME = Pattern.compile(
            "tools\\.jackson|com\\.fasterxml|org\\.eclipse|java\\.[a-z]|io\\.spool|Exception|JsonNode|JsonToken|"
                    + "DeserializationFeature|StreamReadConstraints|`");

    static void assertNoClassNames(Http.Response r) {
        assertFalse(CLASS_NAME.matcher(r.body()).find(), () -> "error body names internals: " + r);
    }

    /** A GET of a target sent byte for byte (Java's HTTP client refuses malformed URIs before sending them). */
    Http.Response rawGet(String target) {
        try (Socket s = new Socket("127.0.0.1", http.base.getPort())) {
            s.setSoTimeout(30_000);
            s.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            String all = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int split = all.indexOf("\r\n\r\n");
            String[] head = all.substring(0, split).split("\r\n");
            int status = Integer.parseInt(head[0].split(" ")[1]);
            Map<String, List<String>> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            for (int i = 1; i < head.length; i++) {
                int c = head[i].indexOf(':');
                headers.put(head[i].substring(0, c).trim(), List.of(head[i].substring(c + 1).trim()));
            }
            return new Http.Response("GET", target, status, HttpHeaders.of(headers, (a, b) -> true),
                    all.substring(split + 4));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void malformedQueryEscapesAre400Json() {
        String t = api.createThread();
        for (String q : List.of("limit=%zz", "limit=%4", "%", "status=%C3%28")) {
            Http.Response r = rawGet("/threads/" + t + "/runs?" + q);
            assertJsonError(r, 400);
            assertNoClassNames(r);
        }
    }

    @Test
    void jettysOwnErrorsAreJson() {
        Http.Response badPath = rawGet("/threads/%zz");
        assertJsonError(badPath, 400);
        assertNoClassNames(badPath);
        Http.Response hugeHeader = http.send("GET", "/ok", null, Map.of("X-Big", "a".repeat(20_000)));
        assertJsonError(hugeHeader, 431);
    }

    @Test
    void jsonParseErrorsSayWhatIsWrongWithoutParserClassNames() {
        for (String body : List.of("{\"a\":1}{", "[".repeat(2_000), "{\"metadata\":", "{\"a\" 1}", "nul", "\"x")) {
            Http.Response r = http.post("/threads", body);
            assertJsonError(r, 400, 422);
            assertNoClassNames(r);
        }
        String trailing = Json.str(http.post("/threads", "{\"a\":1}{").json(), "detail");
        assertTrue(trailing.contains("more after the JSON value"), trailing);
        String deep = Json.str(http.post("/threads", "[".repeat(2_000)).json(), "detail");
        assertTrue(deep.contains("nested too deeply"), deep);
    }

    @Test
    void loneSurrogatesAre422AndNotStoredAsQuestionMarks() {
        Http.Response r = http.post("/threads", "{\"metadata\":{\"a\":\"x\\ud800y\"}}");
        assertJsonError(r, 422);
        assertTrue(Json.str(r.json(), "detail").contains("metadata.a"), r::toString);
        // a proper pair is kept exactly
        Http.Response ok = http.post("/threads", "{\"metadata\":{\"a\":\"\\ud83d\\ude00\"}}");
        assertEquals(200, ok.status(), ok::toString);
        assertEquals("\ud83d\ude00", ok.json().get("metadata").get("a").asString());
    }

    @Test
    void badInterruptNodesAndNonObjectInputAre422AtCreation() {
        String t = api.createThread();
        for (String field : List.of("interrupt_before", "interrupt_after")) {
            Http.Response r = http.postJson("/threads/" + t + "/runs",
                    Map.of("assistant_id", "agent", "input", Map.of(), field, List.of("no_such_node")));
            assertJsonError(r, 422);
            String detail = Json.str(r.json(), "detail");
            assertTrue(detail.contains(field) && detail.contains("no_such_node"), detail);
        }
        for (String input : List.of("[1,2]", "\"text\"", "5", "true")) {
            Http.Response r = http.post("/threads/" + t + "/runs",
                    "{\"assistant_id\":\"agent\",\"input\":" + input + "}");
            assertJsonError(r, 422);
            assertTrue(Json.str(r.json(), "detail").contains("input"), r::toString);
        }
        // nothing was created by the refused requests
        Http.Response runs = http.get("/threads/" + t + "/runs");
        assertEquals(0, runs.json().size(), runs::toString);
    }

    @Test
    void systemAssistantsCannotBeDeleted() {
        Http.Response byGraph = http.delete("/assistants/agent");
        assertJsonError(byGraph, 409);
        assertTrue(Json.str(byGraph.json(), "detail").contains("system assistant"), byGraph::toString);
        // the graph still runs
        String t = api.createThread();
        Http.Response run = http.postJson("/threads/" + t + "/runs/wait",
                Map.of("assistant_id", "agent", "input", Map.of("items", List.of("x"))));
        assertEquals(200, run.status(), run::toString);
    }

    @Test
    void bodiesOverTheLimitAre413Json() {
        // the default limit is 10 MiB: 11 MiB of spaces inside a string
        String big = "{\"metadata\":{\"a\":\"" + " ".repeat(11 * 1024 * 1024) + "\"}}";
        // with Expect: 100-continue the answer comes before the body: without it, a server that closes after its
        // 413 (it reads no further) may reset the connection while a client on a loaded machine is still sending
        Http.Response r = http.postExpectingContinue("/threads", big);
        assertJsonError(r, 413);
        assertNoClassNames(r);
    }
}
