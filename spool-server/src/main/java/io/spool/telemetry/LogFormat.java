package io.spool.telemetry;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * Spool's logging, set up in code (no XML to parse at every start): lines on standard error, as text for people or
 * as one JSON object per line for machines ({@code --log-format json}). Lines written while a request or a run is
 * traced carry its {@code trace_id} (and {@code span_id}). A {@code logback.xml} on the class path (a service that
 * embeds Spool) wins over this: Logback tries its own file search first and this configurator after it.
 */
@ConfiguratorRank(ConfiguratorRank.NOMINAL - 5)
public final class LogFormat extends ContextAwareBase implements Configurator {

    /** The system property {@code Main} sets from {@code --log-format} / {@code SPOOL_LOG_FORMAT}. */
    public static final String PROPERTY = "spool.log.format";

    /** Time, level, logger, message, and the trace id when there is one. */
    private static final String TEXT_PATTERN =
            "%d{HH:mm:ss.SSS} %-5level %logger{0} - %msg%replace( trace_id=%X{trace_id}){' trace_id=$', ''}%n%ex";

    /** {@code text} or {@code json}; anything else is refused by {@code Main} before logging starts. */
    public static boolean isValid(String format) {
        return format.equals("text") || format.equals("json");
    }

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        boolean json = "json".equals(System.getProperty(PROPERTY));
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("console");
        console.setTarget("System.err");
        console.setEncoder(json ? jsonEncoder(context) : textEncoder(context));
        console.start();
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(console);
        // Jetty and the OpenTelemetry SDK say little worth a line at INFO
        context.getLogger("org.eclipse.jetty").setLevel(Level.WARN);
        context.getLogger("io.opentelemetry").setLevel(Level.WARN);
        // nor do the postgres backend's pool, migrations and Redis client, which report every step
        for (String quiet : new String[] {"com.zaxxer.hikari", "org.flywaydb", "io.lettuce", "io.netty"}) {
            context.getLogger(quiet).setLevel(Level.WARN);
        }
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    private static Encoder<ILoggingEvent> textEncoder(LoggerContext context) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(TEXT_PATTERN);
        encoder.start();
        return encoder;
    }

    private static Encoder<ILoggingEvent> jsonEncoder(LoggerContext context) {
        JsonEncoder encoder = new JsonEncoder();
        encoder.setContext(context);
        encoder.setWithSequenceNumber(false);
        encoder.setWithNanoseconds(false);
        encoder.setWithContext(false);
        encoder.setWithArguments(false);
        encoder.setWithMessage(false); // the formatted message says it once, with its arguments filled in
        encoder.setWithFormattedMessage(true);
        encoder.start();
        return encoder;
    }
}
