package io.spool.it;

import static io.spool.it.StreamAssertions.assertJsonError;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A thread stream that cannot be served is refused with a real HTTP error, JSON {@code {"detail": ...}}, before any
 * SSE byte: 404 for an unknown thread, 422 for a malformed thread id, {@code Last-Event-ID} or mode.
 */
abstract class ThreadStreamErrorsContract extends ServerContract {

    @Test
    void unknownThreadIs404() {
        assertJsonError(http.stream("/threads/" + UUID.randomUUID() + "/stream"), 404);
        assertJsonError(http.stream("/threads/" + UUID.randomUUID() + "/stream", "-"), 404);
    }

    @Test
    void malformedThreadIdIs422() {
        for (String id : List.of("not-a-uuid", "1234", "0276fed4-d195-45e2-ae92-18a154c6a19z")) {
            assertJsonError(http.stream("/threads/" + id + "/stream"), 422);
        }
    }

    @Test
    void malformedLastEventIdIs422() {
        String t = api.createThread();
        for (String cursor : List.of("abc", "12-ab", "1-2-3", "12-", "--", "x-1")) {
            assertJsonError(http.stream("/threads/" + t + "/stream", cursor), 422);
        }
    }

    @Test
    void unknownModeIs422InEveryEncoding() {
        String t = api.createThread();
        for (String query : List.of(
                "stream_modes=bogus",
                "stream_mode=bogus",
                "stream_modes=values",
                "stream_modes=lifecycle&stream_modes=bogus",
                "stream_mode=lifecycle,bogus",
                "stream_mode=" + URLEncoder.encode("[\"lifecycle\",\"bogus\"]", StandardCharsets.UTF_8))) {
            assertJsonError(http.stream("/threads/" + t + "/stream?" + query), 422);
        }
    }
}
