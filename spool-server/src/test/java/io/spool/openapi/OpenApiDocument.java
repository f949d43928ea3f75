package io.spool.openapi;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import io.spool.json.Json;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Spool's OpenAPI document, read for testing: operations by method and path, responses by status, and JSON Schema
 * validation of instances against the document's schemas (with their {@code $ref}s to {@code components}).
 */
final class OpenApiDocument {

    static final String DIALECT = "https://json-schema.org/draft/2020-12/schema";
    static final List<String> METHODS = List.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

    /** One operation: {@code method} upper case, {@code template} like {@code /threads/{thread_id}}. */
    record Operation(String method, String template, JsonNode node, JsonNode pathItem) {
        String id() {
            return method + " " + template;
        }

        String[] segments() {
            return split(template);
        }
    }

    final JsonNode root;
    private final List<Operation> operations = new ArrayList<>();
    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            b -> b.schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
    private final Map<JsonNode, Schema> compiled = new IdentityHashMap<>();

    OpenApiDocument(byte[] json) {
        this.root = Json.tree(json);
        root.path("paths").properties().forEach(path -> {
            for (String m : METHODS) {
                JsonNode op = path.getValue().get(m);
                if (op != null) operations.add(new Operation(m.toUpperCase(), path.getKey(), op, path.getValue()));
            }
        });
    }

    List<Operation> operations() {
        return operations;
    }

    /** The operation serving {@code method} on a concrete path; literal segments win over parameters. */
    Optional<Operation> match(String method, String path) {
        String[] actual = split(path);
        return operations.stream().filter(o -> o.method().equals(method) && matches(o.segments(), actual))
                .max(Comparator.comparingInt(o -> literals(o.segments())));
    }

    /** Whether any operation's template matches the path, whatever its method. */
    boolean hasPath(String path) {
        String[] actual = split(path);
        return operations.stream().anyMatch(o -> matches(o.segments(), actual));
    }

    /** The documented response for a status (not {@code default}), with its {@code $ref} resolved; null if none. */
    JsonNode response(Operation op, int status) {
        JsonNode r = op.node().path("responses").get(Integer.toString(status));
        return r == null ? null : deref(r);
    }

    /** Follows a {@code $ref} into this document (once per level, until a node without one). */
    JsonNode deref(JsonNode node) {
        JsonNode n = node;
        while (n != null && n.has("$ref") && n.get("$ref").asString().startsWith("#/")) {
            n = pointer(n.get("$ref").asString());
        }
        return n;
    }

    /** The node at a {@code #/...} pointer, or null. */
    JsonNode pointer(String ref) {
        JsonNode n = root.at(ref.substring(1));
        return n.isMissingNode() ? null : n;
    }

    JsonNode component(String name) {
        JsonNode s = root.path("components").path("schemas").get(name);
        if (s == null) throw new IllegalArgumentException("no schema " + name);
        return s;
    }

    /** Validation errors of {@code instance} against a schema node of this document; empty when valid. */
    List<String> validate(JsonNode schemaNode, JsonNode instance) {
        Schema schema;
        synchronized (compiled) {
            schema = compiled.computeIfAbsent(schemaNode, this::compile);
        }
        List<String> out = new ArrayList<>();
        for (Error e : schema.validate(instance)) out.add(e.toString());
        return out;
    }

    /** Errors of a schema node of the document against the JSON Schema 2020-12 meta-schema. */
    List<String> metaValidate(JsonNode schemaNode) {
        Schema meta = registry.getSchema(SchemaLocation.of(DIALECT));
        return meta.validate(schemaNode).stream().map(Error::toString).toList();
    }

    /**
     * The schema node wrapped in a document that carries {@code components}, so that {@code #/components/...}
     * references resolve as they do in the OpenAPI document.
     */
    private Schema compile(JsonNode schemaNode) {
        ObjectNode wrapper = Json.object();
        wrapper.put("$schema", DIALECT);
        wrapper.set("components", root.path("components"));
        wrapper.putArray("allOf").add(schemaNode);
        return registry.getSchema(wrapper);
    }

    private static boolean matches(String[] template, String[] actual) {
        if (template.length != actual.length) return false;
        for (int i = 0; i < template.length; i++) {
            if (!template[i].startsWith("{") && !template[i].equals(actual[i])) return false;
        }
        return true;
    }

    private static int literals(String[] template) {
        int n = 0;
        for (String s : template) if (!s.startsWith("{")) n++;
        return n;
    }

    static String[] split(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        if (p.endsWith("/")) p = p.substring(0, p.length() - 1);
        return p.isEmpty() ? new String[0] : p.split("/");
    }
}
