package io.spool.storage;

import java.util.Arrays;
import java.util.List;

/**
 * What a new run does when its thread already has runs in flight: wait its turn ({@code enqueue}, the default), be
 * refused ({@code reject}), or cancel them first ({@code interrupt} keeps their progress, {@code rollback} deletes
 * them and their checkpoints).
 */
public enum MultitaskStrategy {
    REJECT("reject"),
    INTERRUPT("interrupt"),
    ROLLBACK("rollback"),
    ENQUEUE("enqueue");

    public static final List<String> WIRE = Arrays.stream(values()).map(MultitaskStrategy::wire).toList();

    private final String wire;

    MultitaskStrategy(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** How the runs in flight are cancelled; null for the strategies that cancel nothing. */
    public CancelAction cancelAction() {
        return switch (this) {
            case INTERRUPT -> CancelAction.INTERRUPT;
            case ROLLBACK -> CancelAction.ROLLBACK;
            default -> null;
        };
    }

    /** The strategy with this text; null for null. */
    public static MultitaskStrategy of(String wire) {
        return Wire.parse(MultitaskStrategy.class, values(), wire);
    }

    @Override
    public String toString() {
        return wire;
    }
}
