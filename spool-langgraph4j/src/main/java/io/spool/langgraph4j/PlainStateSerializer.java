package io.spool.langgraph4j;

import org.bsc.langgraph4j.serializer.StateSerializer;
import org.bsc.langgraph4j.state.AgentState;
import org.bsc.langgraph4j.state.AgentStateFactory;

import java.io.IOException;
import java.io.ObjectInput;
import java.io.ObjectOutput;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A state serializer for the JSON-like state Spool stores (maps, lists, strings, numbers, booleans). LangGraph4j
 * copies the state around every node; its default serializer does it through Java serialization and rebuilds every
 * map as a {@code HashMap}, losing key order. This one copies maps and lists directly, keeping their order (so a
 * message reads {@code {"content", ..., "type"}} as LangChain writes it) at a fraction of the cost. Values other
 * than maps and lists are shared between copies, so they must be immutable, as JSON values are.
 *
 * <pre>{@code
 * new StateGraph<>(channels, new PlainStateSerializer<>(AgentState::new))
 * }</pre>
 */
public final class PlainStateSerializer<S extends AgentState> extends StateSerializer<S> {

    public PlainStateSerializer(AgentStateFactory<S> stateFactory) {
        super(stateFactory);
    }

    @Override
    public S cloneObject(S state) {
        return stateFactory().apply(copy(state.data()));
    }

    @Override
    public void writeData(Map<String, Object> data, ObjectOutput out) throws IOException {
        out.writeObject(copy(data)); // LinkedHashMap and ArrayList are serializable, whatever maps the state holds
    }

    @Override
    @SuppressWarnings("unchecked")
    public Map<String, Object> readData(ObjectInput in) throws IOException, ClassNotFoundException {
        return (Map<String, Object>) in.readObject();
    }

    /** A deep copy of maps and lists, as mutable {@link LinkedHashMap}s and {@link ArrayList}s in the same order. */
    @SuppressWarnings("unchecked")
    static <T> T copy(T value) {
        if (value instanceof Map<?, ?> map) {
            var copy = new LinkedHashMap<String, Object>(map.size() * 2);
            map.forEach((k, v) -> copy.put(String.valueOf(k), copy(v)));
            return (T) copy;
        }
        if (value instanceof List<?> list) {
            var copy = new ArrayList<>(list.size());
            list.forEach(item -> copy.add(copy(item)));
            return (T) copy;
        }
        return value;
    }
}
