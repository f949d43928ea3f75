package io.spool.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Graphs use the store: the {@code memory} example graph files a fact about a user on one thread and finds it on
 * another (ranked by meaning with the example config's index), and the fact is the store's item over
 * {@code /store/*} too.
 */
abstract class StoreGraphContract extends ServerContract {

    private Map<String, Object> input(Map<String, Object> input) {
        return Map.of("assistant_id", "memory", "input", input);
    }

    private List<String> facts(JsonNode values) {
        return Json.strings(values.get("facts"));
    }

    @Test
    void aFactFiledOnOneThreadIsKnownOnAnother() {
        String user = "u" + UUID.randomUUID().toString().substring(0, 8);
        List<String> first = facts(api.waitRun(api.createThread(),
                input(Map.of("user_id", user, "remember", "My favourite food is spaghetti carbonara"))));
        assertEquals(List.of("My favourite food is spaghetti carbonara"), first);
        api.waitRun(api.createThread(), input(Map.of("user_id", user, "remember", "I drive trains for a living")));

        List<String> known = facts(api.waitRun(api.createThread(),
                input(Map.of("user_id", user, "question", "What should I cook for dinner?"))));
        assertEquals(List.of("My favourite food is spaghetti carbonara", "I drive trains for a living"), known);
        List<String> byJob = facts(api.waitRun(api.createThread(),
                input(Map.of("user_id", user, "question", "What is my job? I work on the railway"))));
        assertEquals("I drive trains for a living", byJob.getFirst());

        assertEquals(List.of(), facts(api.waitRun(api.createThread(), input(Map.of("user_id", user + "-other")))));
        Http.Response r = http.postJson("/store/items/search", Map.of("namespace_prefix", List.of("users", user)));
        assertEquals(200, r.status(), r::toString);
        assertEquals(2, r.json().get("items").size(), r::toString);
    }
}
