package ai.nodetool.client.session;

import ai.nodetool.client.errors.NodeToolProtocolException;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Options of a {@link JobSession}. Immutable; build with {@link #builder()}, derive with
 * {@link #toBuilder()}.
 */
public final class SessionOptions {
    private static final SessionOptions DEFAULTS = builder().build();

    private final int reconnectAttempts;
    private final Duration reconnectInitialDelay;
    private final Duration reconnectMaxDelay;
    private final Duration pingInterval;
    private final Duration replyTimeout;
    private final int jobBufferSize;
    private final long maxFrameBytes;
    private final Duration terminalGrace;
    private final Duration cancelTimeout;
    private final Mode mode;
    private final OverflowPolicy overflowPolicy;
    private final Consumer<NodeToolProtocolException> protocolErrorHandler;

    private SessionOptions(Builder b) {
        this.reconnectAttempts = b.reconnectAttempts;
        this.reconnectInitialDelay = b.reconnectInitialDelay;
        this.reconnectMaxDelay = b.reconnectMaxDelay;
        this.pingInterval = b.pingInterval;
        this.replyTimeout = b.replyTimeout;
        this.jobBufferSize = b.jobBufferSize;
        this.maxFrameBytes = b.maxFrameBytes;
        this.terminalGrace = b.terminalGrace;
        this.cancelTimeout = b.cancelTimeout;
        this.mode = b.mode;
        this.overflowPolicy = b.overflowPolicy;
        this.protocolErrorHandler = b.protocolErrorHandler;
    }

    /** @return the default options */
    public static SessionOptions defaults() {
        return DEFAULTS;
    }

    /** @return a builder with the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding these options */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.reconnectAttempts = reconnectAttempts;
        b.reconnectInitialDelay = reconnectInitialDelay;
        b.reconnectMaxDelay = reconnectMaxDelay;
        b.pingInterval = pingInterval;
        b.replyTimeout = replyTimeout;
        b.jobBufferSize = jobBufferSize;
        b.maxFrameBytes = maxFrameBytes;
        b.terminalGrace = terminalGrace;
        b.cancelTimeout = cancelTimeout;
        b.mode = mode;
        b.overflowPolicy = overflowPolicy;
        b.protocolErrorHandler = protocolErrorHandler;
        return b;
    }

    /** @return reconnect attempts after a lost socket before the session gives up; 0 disables reconnecting (default 5) */
    public int reconnectAttempts() {
        return reconnectAttempts;
    }

    /** @return delay before the first reconnect attempt, doubled per attempt, with full jitter (default 250 ms) */
    public Duration reconnectInitialDelay() {
        return reconnectInitialDelay;
    }

    /** @return upper bound of the reconnect delay (default 10 s) */
    public Duration reconnectMaxDelay() {
        return reconnectMaxDelay;
    }

    /**
     * @return interval of WebSocket ping frames (default 20 s; zero disables). A ping not answered
     *     by the next interval marks the connection as half-open: it is dropped and the session
     *     reconnects.
     */
    public Duration pingInterval() {
        return pingInterval;
    }

    /** @return how long a command waits for its reply before failing with a timeout (default 30 s) */
    public Duration replyTimeout() {
        return replyTimeout;
    }

    /**
     * @return the buffer bound of each job publisher and {@link JobSession#messages()} publisher
     *     (default 4096 messages): messages not yet requested by the subscriber (or received before
     *     it subscribed) wait there. What happens when a message finds it full is the
     *     {@link #overflowPolicy()}: with {@link OverflowPolicy#PUSH_BACK} (the default) the socket
     *     stops reading until the subscriber requests more; with {@link OverflowPolicy#FAIL_FAST}
     *     that publisher fails with {@link ai.nodetool.client.errors.StreamOverflowException} (the
     *     buffered messages are discarded). Before anyone subscribes, nobody could free room, so the
     *     socket is never held for a publisher without a subscriber: past this bound, or past
     *     {@link #UNSUBSCRIBED_BUFFER_BYTES} bytes of frames, that publisher fails with
     *     {@code StreamOverflowException} under either policy (subscribe to
     *     {@link JobHandle#updates()} right after {@code runJob} to see every message). One extra
     *     slot is kept for the terminal update, which is never dropped. {@link JobHandle#result()}
     *     is never affected by an overflow.
     */
    public int jobBufferSize() {
        return jobBufferSize;
    }

    /**
     * Most bytes of frames a job's {@link JobHandle#updates()} (or a {@link JobSession#messages()}
     * publisher) keeps while nobody has subscribed to it: 8 MiB. A caller that only wants
     * {@link JobHandle#result()} thus never pays for a second copy of large outputs.
     */
    public static final long UNSUBSCRIBED_BUFFER_BYTES = 8L * 1024 * 1024;

    /**
     * @return what happens when a subscriber falls {@link #jobBufferSize()} messages behind (default
     *     {@link OverflowPolicy#PUSH_BACK}: the socket stops reading, slowing the server through TCP
     *     and, head-of-line, every other job of the session; see {@link OverflowPolicy})
     */
    public OverflowPolicy overflowPolicy() {
        return overflowPolicy;
    }

    /** @return the largest frame accepted (default 64 MiB); larger frames are reported and skipped */
    public long maxFrameBytes() {
        return maxFrameBytes;
    }

    /**
     * @return how long to wait, after a Gen C terminal update without outputs, for the second
     *     terminal frame that carries them (protocol-notes §8.3) before taking the first as final
     *     (default 1 s). Not used with {@code require_terminal_result} for completed jobs, nor for
     *     servers that send no {@code job_seq}.
     */
    public Duration terminalGrace() {
        return terminalGrace;
    }

    /**
     * @return the longest a job of this session stays open after its cancel was asked for
     *     ({@link JobHandle#cancel()} or {@link JobSession#cancelJob}) (default 10 s). A current
     *     server sends the terminal {@code cancelled} update a little after its acknowledgement; a
     *     legacy server sends none (its acknowledgement is final, protocol-notes §7.2), and the job
     *     then ends at once when the acknowledgement arrives and the job is known to be on a legacy
     *     server. Whatever the server does, when this time has passed the job ends as cancelled:
     *     {@link JobHandle#result()} and {@link JobHandle#updates()} fail with
     *     {@link ai.nodetool.client.errors.JobCancelledException} and {@link JobHandle#isDone()} is
     *     true. A terminal update that arrives first wins (a job that completed before the cancel
     *     took effect completes).
     */
    public Duration cancelTimeout() {
        return cancelTimeout;
    }

    /** @return the mode set right after connecting (default {@link Mode#BINARY}, the server's own default) */
    public Mode mode() {
        return mode;
    }

    /**
     * @return receives frames that cannot be decoded (malformed, oversize, not a map); the session
     *     skips them and stays open. Default: logged at WARNING through {@link System.Logger}.
     */
    public Consumer<NodeToolProtocolException> protocolErrorHandler() {
        return protocolErrorHandler;
    }

    @Override
    public String toString() {
        return "SessionOptions{reconnectAttempts=" + reconnectAttempts + ", reconnectInitialDelay="
                + reconnectInitialDelay + ", reconnectMaxDelay=" + reconnectMaxDelay + ", pingInterval="
                + pingInterval + ", replyTimeout=" + replyTimeout + ", jobBufferSize=" + jobBufferSize
                + ", maxFrameBytes=" + maxFrameBytes + ", terminalGrace=" + terminalGrace + ", cancelTimeout="
                + cancelTimeout + ", mode=" + mode + ", overflowPolicy=" + overflowPolicy + "}";
    }

    /** Builder for {@link SessionOptions}. Not thread-safe. */
    public static final class Builder {
        private int reconnectAttempts = 5;
        private Duration reconnectInitialDelay = Duration.ofMillis(250);
        private Duration reconnectMaxDelay = Duration.ofSeconds(10);
        private Duration pingInterval = Duration.ofSeconds(20);
        private Duration replyTimeout = Duration.ofSeconds(30);
        private int jobBufferSize = 4096;
        private long maxFrameBytes = 64L * 1024 * 1024;
        private Duration terminalGrace = Duration.ofSeconds(1);
        private Duration cancelTimeout = Duration.ofSeconds(10);
        private Mode mode = Mode.BINARY;
        private OverflowPolicy overflowPolicy = OverflowPolicy.PUSH_BACK;
        private Consumer<NodeToolProtocolException> protocolErrorHandler =
                e -> System.getLogger(JobSession.class.getName())
                        .log(System.Logger.Level.WARNING, "Skipped a WebSocket frame: " + e.getMessage());

        private Builder() {}

        /**
         * @param attempts reconnect attempts, at least 0
         * @return this builder
         */
        public Builder reconnectAttempts(int attempts) {
            if (attempts < 0) {
                throw new IllegalArgumentException("reconnectAttempts must be >= 0");
            }
            this.reconnectAttempts = attempts;
            return this;
        }

        /**
         * @param initial first reconnect delay (positive)
         * @param max largest reconnect delay (at least {@code initial})
         * @return this builder
         */
        public Builder reconnectBackoff(Duration initial, Duration max) {
            positive(initial, "initial");
            positive(max, "max");
            if (max.compareTo(initial) < 0) {
                throw new IllegalArgumentException("max must be >= initial");
            }
            this.reconnectInitialDelay = initial;
            this.reconnectMaxDelay = max;
            return this;
        }

        /**
         * @param interval WebSocket ping interval; zero disables half-open detection
         * @return this builder
         */
        public Builder pingInterval(Duration interval) {
            if (Objects.requireNonNull(interval, "interval").isNegative()) {
                throw new IllegalArgumentException("pingInterval must not be negative");
            }
            this.pingInterval = interval;
            return this;
        }

        /**
         * @param timeout command reply timeout (positive)
         * @return this builder
         */
        public Builder replyTimeout(Duration timeout) {
            this.replyTimeout = positive(timeout, "replyTimeout");
            return this;
        }

        /**
         * @param size per-publisher buffer bound, at least 1 (see {@link SessionOptions#jobBufferSize()})
         * @return this builder
         */
        public Builder jobBufferSize(int size) {
            if (size < 1) {
                throw new IllegalArgumentException("jobBufferSize must be >= 1");
            }
            this.jobBufferSize = size;
            return this;
        }

        /**
         * @param bytes largest accepted frame, at least 1
         * @return this builder
         */
        public Builder maxFrameBytes(long bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("maxFrameBytes must be >= 1");
            }
            this.maxFrameBytes = bytes;
            return this;
        }

        /**
         * @param grace wait for Gen C's second terminal frame (zero: take the first as final)
         * @return this builder
         */
        public Builder terminalGrace(Duration grace) {
            if (Objects.requireNonNull(grace, "grace").isNegative()) {
                throw new IllegalArgumentException("terminalGrace must not be negative");
            }
            this.terminalGrace = grace;
            return this;
        }

        /**
         * @param timeout how long a cancelled job may wait for its terminal update before it ends
         *     as cancelled anyway (positive; see {@link SessionOptions#cancelTimeout()})
         * @return this builder
         */
        public Builder cancelTimeout(Duration timeout) {
            this.cancelTimeout = positive(timeout, "cancelTimeout");
            return this;
        }

        /**
         * @param mode the mode to set after connecting (and after every reconnect)
         * @return this builder
         */
        public Builder mode(Mode mode) {
            this.mode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /**
         * @param policy what happens when a subscriber falls a full buffer behind (see
         *     {@link SessionOptions#overflowPolicy()})
         * @return this builder
         */
        public Builder overflowPolicy(OverflowPolicy policy) {
            this.overflowPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * @param handler receives undecodable frames (called on the socket's reader thread; must
         *     not block)
         * @return this builder
         */
        public Builder protocolErrorHandler(Consumer<NodeToolProtocolException> handler) {
            this.protocolErrorHandler = Objects.requireNonNull(handler, "handler");
            return this;
        }

        /** @return the options */
        public SessionOptions build() {
            return new SessionOptions(this);
        }

        private static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive");
            }
            return d;
        }
    }
}
