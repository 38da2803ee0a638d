package ai.nodetool.cli;

import ai.nodetool.client.NodeToolClient;
import ai.nodetool.client.errors.JobCancelledException;
import ai.nodetool.client.errors.JobFailedException;
import ai.nodetool.client.errors.JobNotFoundException;
import ai.nodetool.client.errors.NodeToolException;
import ai.nodetool.client.errors.NodeToolHttpException;
import ai.nodetool.client.errors.NodeToolIOException;
import ai.nodetool.client.errors.NodeToolTimeoutException;
import ai.nodetool.testserver.NodeToolTestServer;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

/**
 * {@code nodetool}: a small command-line tool built on the SDK (docs/cli.md).
 *
 * <pre>
 * nodetool [options] list
 * nodetool [options] get WORKFLOW_ID
 * nodetool [options] run WORKFLOW_ID [--param NAME=VALUE]... [--stream] [--ws]
 * nodetool [options] status JOB_ID
 * nodetool [options] cancel JOB_ID
 * nodetool [options] watch JOB_ID
 * nodetool [options] upload FILE [--temporary] [--name NAME] [--content-type TYPE] [--parent-id ID]
 * </pre>
 *
 * Exit codes: {@value #OK} success, {@value #FAILED} the job failed or the server answered with an
 * error, {@value #USAGE} bad arguments, {@value #UNREACHABLE} the server cannot be reached.
 * Errors are one line on standard error; a stack trace only with {@code --verbose}.
 *
 * <p>{@link #run(String...)} never calls {@code System.exit}, so tests can call it; only
 * {@link #main} does.
 *
 * <p>Start-up time matters for a command line (docs/cli.md, "Start-up time"): this class parses the
 * arguments and prints help and usage errors without loading the SDK; {@link Commands}, OkHttp, Jackson
 * and the test server ({@code --embedded}) are loaded only by the commands that need them.
 */
public final class NodeToolCli {
    /** Exit code: success. */
    public static final int OK = 0;
    /** Exit code: the job failed or was cancelled, or the server answered with an error. */
    public static final int FAILED = 1;
    /** Exit code: bad command-line arguments. */
    public static final int USAGE = 2;
    /** Exit code: the server cannot be reached (connection refused, DNS, timeout). */
    public static final int UNREACHABLE = 3;

    static final String USAGE_TEXT = String.join(
            "\n",
            "Usage: nodetool [options] <command> [arguments]",
            "",
            "Commands:",
            "  list                       List the workflows.",
            "  get WORKFLOW_ID            Show one workflow.",
            "  run WORKFLOW_ID [--param NAME=VALUE]... [--stream] [--ws]",
            "                             Run a workflow and print its outputs.",
            "                             --stream  stream the run (NDJSON; with --ws over the WebSocket),",
            "                                       showing progress and output values as they come",
            "                             --ws      run it over a WebSocket session; prints the job id first",
            "  status JOB_ID              Show the status of a job (WebSocket).",
            "  cancel JOB_ID              Cancel a running job (WebSocket).",
            "  watch JOB_ID               Attach to a job (also one started elsewhere) and follow it to its end,",
            "                             replaying what it already sent (WebSocket).",
            "  upload FILE [--temporary] [--name NAME] [--content-type TYPE] [--parent-id ID]",
            "                             Upload a file as an asset and print it.",
            "                             --temporary     temporary storage instead of an asset (current servers)",
            "                             --name          the stored file name (default: the file's name)",
            "                             --content-type  the MIME type (default: guessed from the extension)",
            "                             --parent-id     the folder (a legacy server needs it: the user's id)",
            "",
            "Options:",
            "  --url URL        Server base URL (default: $NODETOOL_API_URL, else http://127.0.0.1:7777)",
            "  --token TOKEN    API token (default: $NODETOOL_API_TOKEN)",
            "  --embedded       Start the embedded test server for this command (to try the tool)",
            "  --json           Print machine-readable JSON (streams: one JSON message per line)",
            "  --verbose        Print stack traces of errors",
            "  -h, --help       Show this help",
            "  --version        Print the version",
            "",
            "Exit codes: 0 ok, 1 job failed or server error, 2 usage error, 3 cannot reach server.");

    private final PrintStream out;
    private final PrintStream err;
    private final Function<String, String> env;
    private final boolean interactive;
    /** True when this is the process's own tool ({@link #main}), which may tune the JVM for itself. */
    private boolean ownsProcess;

    /**
     * @param out standard output (results)
     * @param err standard error (progress, errors)
     * @param env environment lookup ({@code NODETOOL_API_URL}, {@code NODETOOL_API_TOKEN})
     * @param interactive true to draw progress bars in place (a terminal)
     */
    public NodeToolCli(PrintStream out, PrintStream err, Function<String, String> env, boolean interactive) {
        this.out = Objects.requireNonNull(out, "out");
        this.err = Objects.requireNonNull(err, "err");
        this.env = Objects.requireNonNull(env, "env");
        this.interactive = interactive;
    }

    /**
     * Runs the tool and exits the JVM with its exit code.
     *
     * @param args command line
     */
    public static void main(String[] args) {
        NodeToolCli cli = new NodeToolCli(System.out, System.err, System::getenv, Terminal.isInteractive());
        cli.ownsProcess = true;
        int code = cli.run(args);
        System.out.flush();
        System.exit(code);
    }

    /**
     * Runs one command.
     *
     * @param args command line
     * @return the exit code ({@link #OK}, {@link #FAILED}, {@link #USAGE}, {@link #UNREACHABLE})
     */
    public int run(String... args) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (UsageException e) {
            err.println("nodetool: " + e.getMessage());
            err.println("Try 'nodetool --help'.");
            return USAGE;
        }
        if (options.help) {
            out.println(USAGE_TEXT);
            return OK;
        }
        if (options.version) {
            String version = NodeToolCli.class.getPackage().getImplementationVersion();
            out.println("nodetool " + (version == null ? "(development build)" : version));
            return OK;
        }
        NodeToolTestServer embedded = null;
        okhttp3.OkHttpClient http = null;
        try {
            String url = options.url;
            if (options.embedded) {
                embedded = NodeToolTestServer.start();
                url = embedded.baseUrl();
            }
            NodeToolClient.Builder builder = NodeToolClient.builder();
            if (url == null) {
                url = env.apply("NODETOOL_API_URL");
            }
            if (url != null && !url.isBlank()) {
                builder.baseUrl(url.trim());
            }
            if (url == null || url.isBlank() || url.trim().regionMatches(true, 0, "http://", 0, 7)) {
                if (ownsProcess) {
                    CleartextHttp.firstSecurityProviderOnly();
                }
                http = CleartextHttp.configure(builder);
            }
            String token =
                    options.token != null ? options.token : options.embedded ? null : env.apply("NODETOOL_API_TOKEN");
            builder.apiToken(token);
            NodeToolClient client;
            try {
                client = builder.build();
            } catch (IllegalArgumentException e) {
                err.println("nodetool: " + e.getMessage());
                return USAGE;
            }
            try (client) {
                return new Commands(client, options, out, err, interactive).execute();
            }
        } catch (Throwable t) {
            return report(unwrap(t), options);
        } finally {
            if (http != null) {
                CleartextHttp.release(http);
            }
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    private int report(Throwable t, Options options) {
        int code;
        String message;
        if (t instanceof JobNotFoundException) {
            code = FAILED;
            message = "no job " + ((JobNotFoundException) t).jobId() + " on the server";
        } else if (t instanceof JobCancelledException) {
            JobCancelledException e = (JobCancelledException) t;
            code = FAILED;
            message = "job " + e.jobId() + " was cancelled";
        } else if (t instanceof JobFailedException) {
            JobFailedException e = (JobFailedException) t;
            code = FAILED;
            message = "job " + (e.jobId() == null ? "" : e.jobId() + " ") + "failed: " + e.error();
        } else if (t instanceof NodeToolTimeoutException) {
            code = UNREACHABLE;
            message = "the server did not answer in time: " + t.getMessage();
        } else if (t instanceof NodeToolIOException) {
            code = UNREACHABLE;
            message = "cannot reach the server: " + t.getMessage()
                    + " (is NodeTool running? set --url or NODETOOL_API_URL)";
        } else if (t instanceof NodeToolHttpException) {
            NodeToolHttpException e = (NodeToolHttpException) t;
            code = FAILED;
            message = "the server answered HTTP " + e.statusCode()
                    + (e.errorMessage() == null ? "" : ": " + e.errorMessage());
        } else if (t instanceof NodeToolException) {
            code = FAILED;
            message = t.getMessage();
        } else if (t instanceof UsageException || t instanceof IllegalArgumentException) {
            code = USAGE;
            message = t.getMessage();
        } else if (t instanceof CancellationException) {
            code = FAILED;
            message = "cancelled";
        } else {
            code = FAILED;
            message = "unexpected error: " + t;
        }
        err.println("nodetool: " + message);
        if (options.verbose) {
            t.printStackTrace(err);
        } else if (code != USAGE) {
            err.println("(run with --verbose for details)");
        }
        return code;
    }

    private static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** A command-line mistake: exit code {@link #USAGE}. */
    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    /** The parsed command line. Options may come before or after the command. */
    static final class Options {
        String command;
        final List<String> positional = new ArrayList<>();
        final Map<String, Object> params = new LinkedHashMap<>();
        String url;
        String token;
        boolean json;
        boolean verbose;
        boolean help;
        boolean stream;
        boolean ws;
        boolean embedded;
        boolean version;
        boolean temporary;
        String name;
        String contentType;
        String parentId;

        static Options parse(String... args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                String inlineValue = null;
                if (a.startsWith("--") && a.contains("=")) {
                    inlineValue = a.substring(a.indexOf('=') + 1);
                    a = a.substring(0, a.indexOf('='));
                }
                switch (a) {
                    case "-h", "--help" -> o.help = true;
                    case "--json" -> o.json = true;
                    case "--verbose", "-v" -> o.verbose = true;
                    case "--stream" -> o.stream = true;
                    case "--ws" -> o.ws = true;
                    case "--embedded" -> o.embedded = true;
                    case "--version" -> o.version = true;
                    case "--temporary" -> o.temporary = true;
                    case "--name" -> o.name = inlineValue != null ? inlineValue : value(args, ++i, a);
                    case "--content-type" -> o.contentType = inlineValue != null ? inlineValue : value(args, ++i, a);
                    case "--parent-id" -> o.parentId = inlineValue != null ? inlineValue : value(args, ++i, a);
                    case "--url" -> {
                        o.url = inlineValue != null ? inlineValue : value(args, ++i, a);
                    }
                    case "--token" -> {
                        o.token = inlineValue != null ? inlineValue : value(args, ++i, a);
                    }
                    case "--param", "-p" -> {
                        String pair = inlineValue != null ? inlineValue : value(args, ++i, a);
                        try {
                            Params.parseInto(pair, o.params);
                        } catch (IllegalArgumentException e) {
                            throw new UsageException("--param " + e.getMessage());
                        }
                    }
                    default -> {
                        if (a.startsWith("-") && a.length() > 1) {
                            throw new UsageException("unknown option '" + args[i] + "'");
                        }
                        if (o.command == null) {
                            o.command = a;
                        } else {
                            o.positional.add(a);
                        }
                    }
                }
            }
            if (o.help || (o.version && o.command == null)) {
                return o;
            }
            if (o.command == null) {
                throw new UsageException("no command given (list, get, run, status, cancel, watch, upload)");
            }
            switch (o.command) {
                case "list" -> o.expectArguments(0, "");
                case "get" -> o.expectArguments(1, "WORKFLOW_ID");
                case "run" -> o.expectArguments(1, "WORKFLOW_ID");
                case "status", "cancel", "watch" -> o.expectArguments(1, "JOB_ID");
                case "upload" -> o.expectArguments(1, "FILE");
                default -> throw new UsageException("unknown command '" + o.command + "'");
            }
            if (!o.command.equals("run") && (o.stream || o.ws || !o.params.isEmpty())) {
                throw new UsageException("--param, --stream and --ws only apply to 'run'");
            }
            if (!o.command.equals("upload")
                    && (o.temporary || o.name != null || o.contentType != null || o.parentId != null)) {
                throw new UsageException("--temporary, --name, --content-type and --parent-id only apply to 'upload'");
            }
            if (o.embedded && o.url != null) {
                throw new UsageException("--embedded and --url exclude each other");
            }
            return o;
        }

        private void expectArguments(int n, String names) {
            if (positional.size() < n) {
                throw new UsageException("'" + command + "' needs " + names);
            }
            if (positional.size() > n) {
                throw new UsageException("unexpected argument '" + positional.get(n) + "' for '" + command + "'");
            }
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length || args[i].startsWith("--")) {
                throw new UsageException(option + " needs a value");
            }
            return args[i];
        }
    }
}
