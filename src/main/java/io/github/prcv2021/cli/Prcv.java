package io.github.prcv2021.cli;

import ai.djl.Device;
import io.github.prcv2021.core.Devices;
import io.github.prcv2021.repro.Catalog;
import io.github.prcv2021.repro.Paper;
import io.github.prcv2021.repro.ReportWriter;
import io.github.prcv2021.repro.Reproduction;
import io.github.prcv2021.repro.Result;
import io.github.prcv2021.repro.Row;
import io.github.prcv2021.repro.RunContext;
import io.github.prcv2021.repro.Runner;
import io.github.prcv2021.repro.Scale;
import io.github.prcv2021.repro.Settings;
import io.github.prcv2021.train.ProgressBar;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The {@code prcv} command: list the papers, show one, reproduce its tables. */
@Command(name = "prcv", mixinStandardHelpOptions = true, version = "prcv2021-djl 0.1.0",
        description = "The papers of PRCV 2021 (LNCS 13022) on Deep Java Library.",
        subcommands = {Prcv.ListCommand.class, Prcv.InfoCommand.class, Prcv.ReproduceCommand.class})
public final class Prcv implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Runs the command line and returns its exit code. */
    public static int execute(String... args) {
        CommandLine cl = new CommandLine(new Prcv());
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            if (ex instanceof IllegalArgumentException || ex instanceof IllegalStateException) {
                cmd.getErr().println("prcv: " + ex.getMessage());
                return 2;
            }
            throw ex;
        });
        return cl.execute(args);
    }

    /** Entry point. */
    public static void main(String[] args) {
        System.exit(execute(args));
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "list", description = "Lists the 46 papers with their status.")
    static final class ListCommand implements Callable<Integer> {
        @Option(names = "--markdown", description = "Print the README's Markdown table.")
        boolean markdown;

        @Override
        public Integer call() {
            if (markdown) {
                System.out.print(Catalog.markdownTable());
                return 0;
            }
            for (Paper p : Catalog.papers()) {
                System.out.printf(Locale.ROOT, "%02d  %-20s %-15s %s%n", p.number(), p.id(), p.status().label(), p.title());
            }
            return 0;
        }
    }

    @Command(name = "info", description = "Shows a paper: citation, package, status, experiment settings.")
    static final class InfoCommand implements Callable<Integer> {
        @Parameters(paramLabel = "ID", description = "The paper id, e.g. icce.")
        String id;

        @Override
        public Integer call() {
            Paper p = Catalog.require(id);
            System.out.printf(Locale.ROOT, "%02d %s%n%s%npackage io.github.prcv2021.%s, status %s%n", p.number(), p.id(),
                    p.citation(), p.pkg(), p.status().label());
            Catalog.reproduction(id).ifPresentOrElse(r -> {
                for (Scale s : Scale.values()) {
                    System.out.println("\n" + s.label() + " settings:");
                    Settings st = r.defaults(s);
                    st.asMap().forEach((k, v) -> System.out.printf(Locale.ROOT, "  %-14s %-24s %s%n", k,
                            v instanceof List<?> l ? String.join(",", l.stream().map(String::valueOf).toList()) : v,
                            st.descriptions().get(k)));
                }
            }, () -> System.out.println("No reproduction yet."));
            return 0;
        }
    }

    @Command(name = "reproduce", description = "Runs a paper's reproduction and writes <out>/<id>.{md,json} with plots.")
    static final class ReproduceCommand implements Callable<Integer> {
        @Parameters(paramLabel = "ID", arity = "0..1", description = "The paper id (or --all).")
        String id;

        @Option(names = "--all", description = "Reproduce every paper that has a reproduction.")
        boolean all;

        @Option(names = "--scale", defaultValue = "quick", description = "smoke, quick (default) or full.")
        String scale;

        @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override an experiment setting (repeatable).")
        List<String> overrides = new ArrayList<>();

        @Option(names = "--seed", defaultValue = "1", description = "Base seed (default 1).")
        long seed;

        @Option(names = "--device", defaultValue = "auto", description = "cpu, gpu, gpu:N or auto (default).")
        String device;

        @Option(names = "--out", description = "Report folder (default docs/reproductions for full scale, "
                + "docs/reproductions/<scale> otherwise, so a quick run never overwrites a committed full report).")
        Path out;

        @Override
        public Integer call() {
            if (all == (id != null)) {
                throw new IllegalArgumentException("reproduce expects either an ID or --all, got "
                        + (all ? "both" : "neither"));
            }
            Scale sc = Scale.parse(scale);
            Device dev = Devices.parse(device);
            Path outDir = out != null ? out
                    : sc == Scale.FULL ? Path.of("docs", "reproductions") : Path.of("docs", "reproductions", sc.label());
            List<String> ids = all ? Catalog.reproducible() : List.of(id);
            for (String pid : ids) {
                Paper paper = Catalog.require(pid);
                Reproduction r = Catalog.reproduction(pid).orElseThrow(() -> new IllegalArgumentException(
                        "Paper '" + pid + "' has no reproduction yet (status " + paper.status().label()
                                + "); reproducible: " + String.join(", ", Catalog.reproducible())));
                Settings settings = r.defaults(sc);
                for (String o : overrides) {
                    settings.override(o);
                }
                PrintStream log = System.err;
                log.printf(Locale.ROOT, "Reproducing %s at %s scale (seed %d, device %s)%n  %s%n", pid, sc.label(), seed,
                        dev, settings);
                RunContext ctx = new RunContext(sc, seed, dev, new ProgressBar(), log);
                Result result = Runner.run(r, settings, ctx);
                result.putExtra("overrides", overrides);
                Path md = ReportWriter.write(result, outDir);
                printTable(result);
                System.out.printf(Locale.ROOT, "%nWrote %s and %s.json (%.0f s)%n", md, outDir.resolve(pid), result.getWallSeconds());
            }
            return 0;
        }

        private static void printTable(Result r) {
            Map<String, List<Row>> byTable = new LinkedHashMap<>();
            r.getRows().forEach(row -> byTable.computeIfAbsent(row.table(), k -> new ArrayList<>()).add(row));
            for (Map.Entry<String, List<Row>> e : byTable.entrySet()) {
                System.out.println("\n" + e.getKey() + (r.getPaperSources().containsKey(e.getKey())
                        ? "  (paper: " + r.getPaperSources().get(e.getKey()) + ")" : ""));
                System.out.printf(Locale.ROOT, "  %-12s %-24s %10s %10s%n", "row", "column", "paper", "ours");
                for (Row row : e.getValue()) {
                    System.out.printf(Locale.ROOT, "  %-12s %-24s %10s %10s%n", row.row(), row.column(), fmt(row.paper()),
                            fmt(row.measured()));
                }
            }
        }

        private static String fmt(Double v) {
            return v == null || v.isNaN() ? "-" : String.format(Locale.ROOT, "%.2f", v);
        }
    }
}
