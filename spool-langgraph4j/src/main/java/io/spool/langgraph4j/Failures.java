package io.spool.langgraph4j;

import org.bsc.langgraph4j.GraphRunnerException;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Finds what a node really threw under the wrappers futures, proxies and LangGraph4j put around it. */
final class Failures {

    private Failures() {
    }

    static Throwable unwrap(Throwable failure) {
        Throwable current = failure;
        while (current.getCause() != null && current.getCause() != current && isWrapper(current)) {
            current = current.getCause();
        }
        return current;
    }

    /** LangGraph4j wraps node failures in a cause-only {@link GraphRunnerException}; its own errors have a message. */
    private static boolean isWrapper(Throwable failure) {
        return failure instanceof CompletionException
                || failure instanceof ExecutionException
                || failure instanceof InvocationTargetException
                || failure instanceof UndeclaredThrowableException
                || failure instanceof GraphRunnerException && failure.getMessage() != null
                        && failure.getMessage().equals(failure.getCause().toString());
    }

    /** Rethrows {@code failure} as it is: the server reports its class and message. */
    static Exception rethrow(Throwable failure) throws Exception {
        if (failure instanceof Exception exception) throw exception;
        if (failure instanceof Error error) throw error;
        throw new IllegalStateException(failure);
    }
}
