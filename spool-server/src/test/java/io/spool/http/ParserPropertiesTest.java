package io.spool.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.spool.errors.ApiError;
import io.spool.ids.Ids;
import io.spool.json.Json;
import io.spool.storage.EventId;
import io.spool.wire.ExtractPath;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;
import tools.jackson.core.JacksonException;

/**
 * The parsers that read client text (event id cursors, JSON bodies, extract paths, ids), fed generated input: they
 * accept or refuse it, refusing only with the error the API turns into a 4xx, and never name a class while doing so.
 */
class ParserPropertiesTest {

    private static final Pattern CLASS_NAME = Pattern.compile(
            "\\b(?:java|javax|jdk|tools\\.jackson|com\\.fasterxml|io\\.spool)\\.[a-zA-Z_]+|Exception\\b");

    @Property
    void anyCursorTextParsesOrIsRefusedWithNull(@ForAll("clientText") String text) {
        EventId id = EventId.parseCursor(text); // never throws
        if (id != null) assertThat(id.ms()).isNotNegative();
    }

    @Property
    void everyEventIdRoundTripsAndKeepsItsOrder(@ForAll @LongRange(min = 0) long ms, @ForAll @LongRange(min = 0) long seq,
                                                @ForAll @LongRange(min = 0) long ms2) {
        EventId a = new EventId(ms, seq);
        assertThat(EventId.parseCursor(a.toString())).isEqualTo(a);
        EventId b = new EventId(ms2, 0);
        assertThat(Integer.signum(EventId.parseCursor(a.toString()).compareTo(EventId.parseCursor(b.toString()))))
                .isEqualTo(Integer.signum(a.compareTo(b)));
    }

    @Property
    void anyBodyParsesOrIsDescribedInTheClientsTerms(@ForAll("jsonish") String body) {
        try {
            Json.tree(body.getBytes(StandardCharsets.UTF_8));
        } catch (JacksonException e) {
            String detail = JsonProblems.describe(e);
            assertThat(detail).isNotBlank();
            assertThat(CLASS_NAME.matcher(detail).find()).as(detail).isFalse();
        }
    }

    @Property
    void anyExtractPathParsesOrIs422(@ForAll("clientText") String path) {
        try {
            ExtractPath.parse("alias", path);
        } catch (ApiError e) {
            assertThat(e.status()).isEqualTo(422);
            assertThat(CLASS_NAME.matcher(e.getMessage()).find()).as(e.getMessage()).isFalse();
        }
    }

    @Property
    void anyIdTextIsAUuidOrIs422(@ForAll("clientText") String id) {
        if (Ids.isUuid(id)) {
            assertThat(Params.uuid(id, "thread ID")).isEqualTo(id.toLowerCase());
            return;
        }
        try {
            Params.uuid(id, "thread ID");
            throw new AssertionError("accepted " + id);
        } catch (ApiError e) {
            assertThat(e.status()).isEqualTo(422);
        }
    }

    /** Any text, biased to the characters these parsers care about. */
    @Provide
    Arbitrary<String> clientText() {
        Arbitrary<String> structured = Arbitraries.strings().withChars("0123456789-*.[]abcdefABCDEF_$@%\u0000\ud800 ")
                .ofMaxLength(60);
        return Arbitraries.oneOf(structured, Arbitraries.strings().ofMaxLength(80),
                Arbitraries.create(() -> java.util.UUID.randomUUID().toString()));
    }

    /** JSON-like text: fragments of JSON put together at random, often broken. */
    @Provide
    Arbitrary<String> jsonish() {
        Arbitrary<String> token = Arbitraries.of("{", "}", "[", "]", ":", ",", "\"a\"", "\"\\ud800\"", "\"\\u12\"",
                "1e999", "-0", "01", "true", "nul", "null", "\"", "\\", "/*", "*/", "NaN", "1.", "\u0000", "\uFEFF");
        return token.list().ofMaxSize(40).map(parts -> String.join("", parts));
    }
}
