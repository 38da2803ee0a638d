package ai.nodetool.client.observe;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Captures what the SDK writes to one {@code System.Logger} name: with no other {@code LoggerFinder} on the class
 * path, {@code System.Logger} goes to java.util.logging, so a JUL handler on the same name sees every record, as an
 * application's logging backend would. Restores the logger's level on close.
 */
final class CapturedLog implements AutoCloseable {
    final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Logger logger; // a strong reference: JUL keeps loggers weakly, and with them their level
    private final Level previous;
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    CapturedLog(String name, Level level) {
        this.logger = Logger.getLogger(name);
        this.previous = logger.getLevel();
        logger.setLevel(level);
        handler.setLevel(Level.ALL);
        logger.addHandler(handler);
    }

    /** @return every captured message, formatted with its parameters, one per line */
    String text() {
        StringBuilder b = new StringBuilder();
        for (LogRecord r : records) {
            b.append(r.getLevel()).append(' ').append(r.getMessage()).append('\n');
        }
        return b.toString();
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
        logger.setLevel(previous);
    }
}
