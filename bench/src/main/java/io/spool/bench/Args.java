package io.spool.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@code --key value} options and, after {@code --}, a trailing command line (for {@code startup}). */
final class Args {

    private final Map<String, String> options = new HashMap<>();
    private final List<String> rest = new ArrayList<>();

    Args(String[] argv, int from) {
        for (int i = from; i < argv.length; i++) {
            String a = argv[i];
            if (a.equals("--")) {
                for (int j = i + 1; j < argv.length; j++) rest.add(argv[j]);
                return;
            }
            if (!a.startsWith("--")) throw new IllegalArgumentException("unexpected argument " + a);
            String key = a.substring(2);
            int eq = key.indexOf('=');
            if (eq >= 0) {
                options.put(key.substring(0, eq), key.substring(eq + 1));
            } else if (i + 1 < argv.length && !argv[i + 1].startsWith("--")) {
                options.put(key, argv[++i]);
            } else {
                options.put(key, "true");
            }
        }
    }

    String str(String key, String dflt) {
        return options.getOrDefault(key, dflt);
    }

    String required(String key) {
        String v = options.get(key);
        if (v == null) throw new IllegalArgumentException("missing --" + key);
        return v;
    }

    long num(String key, long dflt) {
        String v = options.get(key);
        return v == null ? dflt : Long.parseLong(v.replace("_", ""));
    }

    int integer(String key, int dflt) {
        return Math.toIntExact(num(key, dflt));
    }

    boolean flag(String key) {
        return Boolean.parseBoolean(options.getOrDefault(key, "false"));
    }

    List<String> rest() {
        return rest;
    }
}
