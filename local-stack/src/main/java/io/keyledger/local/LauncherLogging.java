package io.keyledger.local;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The launcher's console is for progress lines and the banner; what the in-process servers
 * log goes to files at WARN: Kafka to {@code logs/kafka.log}, Netty, H2 and mongo-java-server
 * to {@code logs/infra.log}. Set up in code (not a logback.xml) so that the jar used as a
 * library does not impose its logging on the tests that use it.
 */
final class LauncherLogging {

    private static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n";

    private LauncherLogging() {
    }

    static void toFiles(Path logDir, Level level) throws IOException {
        Files.createDirectories(logDir);
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();

        FileAppender<ILoggingEvent> infra = appender(context, "infra", logDir.resolve("infra.log"));
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(level);
        root.addAppender(infra);

        FileAppender<ILoggingEvent> kafka = appender(context, "kafka", logDir.resolve("kafka.log"));
        for (String name : new String[] {"kafka", "org.apache.kafka", "state.change.logger"}) {
            Logger logger = context.getLogger(name);
            logger.setLevel(level);
            logger.setAdditive(false);
            logger.addAppender(kafka);
        }
    }

    private static FileAppender<ILoggingEvent> appender(LoggerContext context, String name, Path file) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        FileAppender<ILoggingEvent> appender = new FileAppender<>();
        appender.setContext(context);
        appender.setName(name);
        appender.setFile(file.toString());
        appender.setAppend(true);
        appender.setEncoder(encoder);
        appender.start();
        return appender;
    }
}
