package ai.nodetool.benchmarks.heavy;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The side-by-side harness of issue 15: for each workload it starts a fresh {@link HeavyServer}
 * process, then runs the SDK and every other contender against it, each run a new client process
 * (a JVM with the workload's {@code -Xmx}, or Node.js), interleaved round by round in a rotating
 * order: one warm-up round, then the measured rounds. It prints every round, then a table of median,
 * spread (min–max), failures and the SDK/best ratio, with the machine and the load average.
 *
 * <pre>
 * java -cp … ai.nodetool.benchmarks.heavy.HeavyRatios [--rounds N] [--warmups N] [--node DIR] [--cli-cp CP]
 *     [--cli-command 'CMD {url}'] [workload…]
 * </pre>
 *
 * {@code --warmups N} makes every client process (SDK, hand-written, Node.js alike) run the workload N times
 * unmeasured before the measured run, instead of each workload's own 1 or 2: with more, the measured run shows
 * the steady state of a long-running process rather than one still compiling. The cold start never warms up.
 *
 * {@code nodetool-benchmarks/run-heavy.sh} builds what is needed and calls this.
 */
public final class HeavyRatios {

    private final int rounds;
    private final Integer warmups; // null: each workload's own number; never applied to the cold start
    private final String classpath;
    private final Path nodeDir;
    private final String cliCommand;
    private final String java;

    private HeavyRatios(int rounds, String classpath, Path nodeDir, String cliCommand, Integer warmups) {
        this.rounds = rounds;
        this.warmups = warmups;
        this.classpath = classpath;
        this.nodeDir = nodeDir;
        this.cliCommand = cliCommand;
        this.java = ProcessHandle.current().info().command().orElse("java");
    }

    public static void main(String[] args) throws Exception {
        int rounds = 5;
        Path nodeDir = null;
        String cliCp = null;
        String cliCommand = null;
        Integer warmups = null;
        List<Workload> workloads = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--node" -> nodeDir = Path.of(args[++i]);
                case "--cli-cp" -> cliCp = args[++i];
                case "--cli-command" -> cliCommand = args[++i];
                case "--warmups" -> warmups = Integer.parseInt(args[++i]);
                default -> workloads.add(Workload.parse(args[i]));
            }
        }
        if (workloads.isEmpty()) {
            workloads.addAll(Arrays.asList(Workload.values()));
        }
        if (rounds < 1) {
            throw new IllegalArgumentException("--rounds must be at least 1");
        }
        if (nodeDir != null && !Files.isDirectory(nodeDir.resolve("node_modules"))) {
            System.out.println("# no " + nodeDir.resolve("node_modules") + ": the Node.js contender is skipped");
            nodeDir = null;
        }
        String cp = System.getProperty("java.class.path");
        if (cliCommand == null && cliCp != null) {
            cliCommand = "java -cp " + cliCp + " ai.nodetool.cli.NodeToolCli --url {url} run greeting --param name=Ada";
        }
        new HeavyRatios(rounds, cp, nodeDir, cliCommand, warmups).runAll(workloads);
    }

    private void runAll(List<Workload> workloads) throws Exception {
        System.out.println("# machine: " + Runtime.getRuntime().availableProcessors() + " processors (nproc), "
                + firstLine(java, "-version") + "; node "
                + (nodeDir == null ? "not used" : firstLine("node", "--version")));
        System.out.println("# rounds: 1 warm-up + " + rounds + " measured, interleaved, order rotating each round");
        System.out.println("# unmeasured iterations inside each client process before the measured one: "
                + (warmups == null
                        ? "each workload's own (1 or 2)"
                        : warmups + " (--warmups; not for the cold start)"));
        String loadStart = loadAverage();
        System.out.println("# load average at start: " + loadStart);
        List<String> table = new ArrayList<>();
        table.add(
                "| workload | unit | SDK median (min–max) | hand-written Java | Node.js ws + @msgpack/msgpack | SDK / best | load start → end |");
        table.add("|---|---|---|---|---|---|---|");
        for (Workload w : workloads) {
            String row = runWorkload(w);
            System.out.println("   " + row);
            table.add(row);
        }
        System.out.println("# load average at end: " + loadAverage() + " (start " + loadStart + ")");
        System.out.println();
        table.forEach(System.out::println);
        System.out.println();
        System.out.println(
                "Figures: median (min–max) of the successful measured rounds; `n failed` counts rounds that"
                        + " failed. CPU: median process CPU time of a measured iteration. SDK / best: above 1 the SDK is faster.");
    }

    private String runWorkload(Workload w) throws Exception {
        String loadStart = loadAverage();
        System.out.println("## " + w.id() + " (" + w.unit() + ", Java clients " + w.heap() + "), load " + loadStart);
        List<String> names = new ArrayList<>(List.of("sdk", "java"));
        if (nodeDir != null) {
            names.add("node");
        }
        if (w == Workload.COLD_START && cliCommand == null) {
            System.out.println("   no CLI command (--cli-cp or --cli-command): the SDK's cold start is not measured");
        }
        Map<String, List<Double>> values = new LinkedHashMap<>();
        Map<String, List<Double>> cpu = new LinkedHashMap<>();
        Map<String, Integer> failures = new LinkedHashMap<>();
        names.forEach(n -> {
            values.put(n, new ArrayList<>());
            cpu.put(n, new ArrayList<>());
            failures.put(n, 0);
        });
        try (ServerProcess server = ServerProcess.start(java, classpath)) {
            for (int round = 0; round <= rounds; round++) {
                boolean warmup = round == 0;
                StringBuilder line = new StringBuilder(warmup ? "   warm-up " : "   round " + round + " ");
                for (int k = 0; k < names.size(); k++) {
                    String name = names.get((k + round) % names.size());
                    Outcome o = runOnce(w, name, server);
                    line.append(" ").append(name).append("=").append(o.describe(w));
                    if (warmup) {
                        continue;
                    }
                    if (o.run != null) {
                        values.get(name).add(w.figure(o.run));
                        if (o.run.cpuNanos() >= 0) {
                            cpu.get(name).add(o.run.cpuNanos() / 1e6);
                        }
                    } else {
                        failures.merge(name, 1, Integer::sum);
                    }
                }
                System.out.println(line);
            }
        }
        Stats sdk = new Stats(values.get("sdk"), failures.get("sdk"));
        Stats javaStats = new Stats(values.get("java"), failures.get("java"));
        Stats node =
                new Stats(nodeDir == null ? List.of() : values.get("node"), nodeDir == null ? 0 : failures.get("node"));
        List<Stats> others = nodeDir == null ? List.of(javaStats) : List.of(javaStats, node);
        double ratio = Stats.ratio(w.measure(), sdk, others);
        String loadEnd = loadAverage();
        System.out.println("   load " + loadStart + " → " + loadEnd + "; SDK / best = " + format(ratio));
        return "| " + w.id() + " | " + w.unit() + " | " + cell(sdk, cpu.get("sdk")) + " | "
                + cell(javaStats, cpu.get("java")) + " | "
                + (nodeDir == null ? "not run" : cell(node, cpu.get("node"))) + " | " + format(ratio) + " | "
                + loadStart + " → " + loadEnd + " |";
    }

    private Outcome runOnce(Workload w, String contender, ServerProcess server) throws Exception {
        List<String> command = new ArrayList<>();
        boolean cold = w == Workload.COLD_START;
        if (cold && contender.equals("sdk")) {
            if (cliCommand == null) {
                return Outcome.failed("no CLI command");
            }
            for (String word : cliCommand.split(" +")) {
                command.add(word.replace("{url}", server.legacyUrl));
            }
        } else if (contender.equals("node")) {
            command.addAll(List.of(
                    "node", nodeDir.resolve("client.mjs").toString(), w.id(), server.legacyUrl, server.currentUrl));
            if (warmups != null && !cold) {
                command.add(Integer.toString(warmups));
            }
        } else {
            command.add(java);
            command.add(w.heap());
            if (!cold) {
                // The heap's pages are touched at start-up, before anything is timed. Otherwise the first pass
                // over a young generation that G1 has just grown pays a page fault per 4 KiB page (about 230 MB
                // here), and that lands on whichever iteration first allocates that far: the measured one for a
                // client that allocates little per message, an unmeasured warm-up for one that allocates more
                // (docs/performance.md, "How a run is measured"). The cold start is timed as users start it.
                command.add("-XX:+AlwaysPreTouch");
            }
            command.addAll(List.of(
                    "-XX:+ExitOnOutOfMemoryError",
                    "-cp",
                    classpath,
                    HeavyClient.class.getName(),
                    w.id(),
                    contender,
                    server.legacyUrl,
                    server.currentUrl));
            if (warmups != null && !cold) {
                command.add(Integer.toString(warmups));
            }
        }
        File out = File.createTempFile("heavy-", ".out");
        try {
            ProcessBuilder pb =
                    new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out);
            long t0 = System.nanoTime();
            Process p = pb.start();
            boolean ended = p.waitFor(10, TimeUnit.MINUTES);
            long wall = System.nanoTime() - t0;
            if (!ended) {
                p.destroyForcibly().waitFor();
                return Outcome.failed("timed out");
            }
            String output = Files.readString(out.toPath(), StandardCharsets.UTF_8);
            if (cold && contender.equals("sdk")) {
                return p.exitValue() == 0 && output.contains("Hello, Ada!")
                        ? Outcome.ok(new Run(1, wall, -1))
                        : Outcome.failed("exit " + p.exitValue() + ": " + tail(output));
            }
            Optional<Run> run;
            try {
                run = ResultLine.parse(output);
            } catch (IllegalArgumentException e) {
                return Outcome.failed(e.getMessage());
            }
            if (run.isEmpty()) {
                return Outcome.failed((output.contains("OutOfMemoryError") ? "OutOfMemoryError; " : "") + "exit "
                        + p.exitValue() + ": " + tail(output));
            }
            // Cold start is the whole process, launch to exit.
            return Outcome.ok(cold ? new Run(1, wall, run.get().cpuNanos()) : run.get());
        } finally {
            Files.deleteIfExists(out.toPath());
        }
    }

    static String cell(Stats s, List<Double> cpuMillis) {
        String failed = s.failures() > 0 ? ", " + s.failures() + " failed" : "";
        if (!s.any()) {
            return "all " + s.failures() + " failed";
        }
        String cpu = cpuMillis.isEmpty() ? "" : String.format(Locale.ROOT, "; CPU %.0f ms", Stats.median(cpuMillis));
        return String.format(
                Locale.ROOT, "%s (%s–%s)%s%s", number(s.median()), number(s.min()), number(s.max()), failed, cpu);
    }

    static String number(double x) {
        return x >= 100 ? String.format(Locale.ROOT, "%,.0f", x) : String.format(Locale.ROOT, "%.1f", x);
    }

    static String format(double ratio) {
        return Double.isNaN(ratio) ? "—" : String.format(Locale.ROOT, "%.2f", ratio);
    }

    private static String tail(String output) {
        String t = output.strip().replace('\n', ' ');
        return t.length() > 300 ? "…" + t.substring(t.length() - 300) : t;
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String firstLine(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String s = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            return s.lines().findFirst().orElse("?").trim();
        } catch (IOException e) {
            return "unavailable";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unavailable";
        }
    }

    /** A run's result: the measured {@link Run}, or why the round failed. */
    private record Outcome(Run run, String error) {
        static Outcome ok(Run run) {
            return new Outcome(run, null);
        }

        static Outcome failed(String error) {
            return new Outcome(null, error);
        }

        String describe(Workload w) {
            if (run != null) {
                return number(w.figure(run));
            }
            String e = error.replace("ai.nodetool.client.errors.", "").replace("java.lang.", "");
            return "FAILED(" + (e.length() > 160 ? e.substring(0, 160) + "…" : e) + ")";
        }
    }

    /** The {@link HeavyServer} process of one workload. */
    private static final class ServerProcess implements AutoCloseable {
        private final Process process;
        final String legacyUrl;
        final String currentUrl;

        private ServerProcess(Process process, String legacyUrl, String currentUrl) {
            this.process = process;
            this.legacyUrl = legacyUrl;
            this.currentUrl = currentUrl;
        }

        static ServerProcess start(String java, String classpath) throws IOException {
            Process p = new ProcessBuilder(java, "-Xmx4g", "-cp", classpath, HeavyServer.class.getName())
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.startsWith("READY ")) {
                    String[] f = line.split(" ");
                    return new ServerProcess(p, f[1], f[2]);
                }
            }
            p.destroyForcibly();
            throw new IOException("the heavy server ended before it was ready");
        }

        @Override
        public void close() {
            try {
                process.getOutputStream().close();
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (IOException e) {
                process.destroyForcibly();
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
