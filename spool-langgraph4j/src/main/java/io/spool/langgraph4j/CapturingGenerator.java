package io.spool.langgraph4j;

import org.bsc.async.AsyncGenerator;

import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Passes a streaming node's generator through unchanged and hands over its result when it ends: LangGraph4j merges
 * that result into the state, and it belongs in the node's {@code updates} event too.
 */
final class CapturingGenerator<E> implements AsyncGenerator<E> {

    private final AsyncGenerator<E> delegate;
    private final Consumer<Object> onResult;

    CapturingGenerator(AsyncGenerator<E> delegate, Consumer<Object> onResult) {
        this.delegate = delegate;
        this.onResult = onResult;
    }

    @Override
    public Data<E> next() {
        Data<E> data = delegate.next();
        if (data.isDone()) onResult.accept(data.resultValue());
        return data;
    }

    @Override
    public Executor executor() {
        return delegate.executor();
    }
}
