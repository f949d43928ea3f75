package io.spool.graphs;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

/**
 * A graph named in a config file: {@code "com.example.Agent::graph"} (or {@code com.example.Agent:graph}) names a
 * static field or a no-argument static method of a class on the class path.
 */
final class GraphReference {

    private GraphReference() {
    }

    static Object resolve(String spec, ClassLoader loader) {
        int sep = spec.lastIndexOf("::");
        int width = 2;
        if (sep < 0) {
            sep = spec.lastIndexOf(':');
            width = 1;
        }
        if (sep <= 0 || sep + width >= spec.length()) {
            throw new GraphConfigException("graph '" + spec + "' must look like com.example.MyGraph::graph");
        }
        String className = spec.substring(0, sep);
        String member = spec.substring(sep + width);
        Class<?> type;
        try {
            type = Class.forName(className, true, loader);
        } catch (ClassNotFoundException e) {
            throw new GraphConfigException("graph class " + className + " is not on the class path");
        }
        try {
            Object value = readMember(type, member);
            if (value == null) throw new GraphConfigException(spec + " is null");
            return value;
        } catch (ReflectiveOperationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new GraphConfigException("cannot load graph " + spec + ": " + cause, cause);
        }
    }

    private static Object readMember(Class<?> type, String member) throws ReflectiveOperationException {
        try {
            Field f = type.getField(member);
            if (Modifier.isStatic(f.getModifiers())) return f.get(null);
        } catch (NoSuchFieldException ignored) {
            // fall through to a method of that name
        }
        try {
            Method m = type.getMethod(member);
            if (Modifier.isStatic(m.getModifiers())) return m.invoke(null);
        } catch (NoSuchMethodException ignored) {
            // reported below
        }
        throw new GraphConfigException(type.getName() + " has no public static field or no-argument method '"
                + member + "'");
    }
}
