package io.spool.wire;

import io.spool.errors.ApiError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A path of thread search's {@code extract}, such as {@code values.messages[-1].content}: keys separated by dots, each
 * followed by any number of list indexes ({@code [-1]} is the last element). It reads a value out of a thread's view;
 * a key or index that is not there gives null.
 */
public final class ExtractPath {

    private static final Pattern SEGMENT = Pattern.compile("([A-Za-z0-9_\\-$@]+)((?:\\[-?\\d{1,9}])*)");
    private static final Pattern INDEX = Pattern.compile("\\[(-?\\d{1,9})]");

    /** One step: a map key, or a list index when {@code key} is null. */
    private record Step(String key, int index) {
    }

    private final List<Step> steps;

    private ExtractPath(List<Step> steps) {
        this.steps = steps;
    }

    /** Parses {@code path}; a malformed one is a 422 naming {@code alias}. */
    public static ExtractPath parse(String alias, String path) {
        List<Step> steps = new ArrayList<>();
        for (String segment : path.split("\\.", -1)) {
            Matcher m = SEGMENT.matcher(segment);
            if (!m.matches()) {
                throw ApiError.invalid("Invalid extract path for '" + alias + "': " + path
                        + " (expected keys separated by dots, each optionally followed by [index], e.g. values.messages[-1])");
            }
            steps.add(new Step(m.group(1), 0));
            Matcher i = INDEX.matcher(m.group(2));
            while (i.find()) steps.add(new Step(null, Integer.parseInt(i.group(1))));
        }
        return new ExtractPath(steps);
    }

    /** The value at this path in {@code root}, or null. */
    public Object read(Object root) {
        Object at = root;
        for (Step s : steps) {
            if (s.key() != null) {
                at = at instanceof Map<?, ?> m ? m.get(s.key()) : null;
            } else if (at instanceof List<?> l) {
                int i = s.index() < 0 ? l.size() + s.index() : s.index();
                at = i >= 0 && i < l.size() ? l.get(i) : null;
            } else {
                at = null;
            }
            if (at == null) return null;
        }
        return at;
    }
}
