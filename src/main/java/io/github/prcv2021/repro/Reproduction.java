package io.github.prcv2021.repro;

/**
 * A paper's reproduction: its tables, at a chosen {@link Scale}, with every experiment parameter named
 * in {@link Settings} so that any of them can be overridden ({@code prcv reproduce ID --set k=v}).
 */
public interface Reproduction {

    /** The paper's catalog id, e.g. {@code icce}. */
    String id();

    /** Every parameter of the experiment with its value at this scale. */
    Settings defaults(Scale scale);

    /**
     * Runs the experiment. Implementations fill rows in the paper's units, the paper's own numbers,
     * plots and notes; the caller measures the wall time and writes the report.
     */
    Result run(Settings settings, RunContext context);

    /** Runs with the defaults of the context's scale, timing the run. */
    default Result run(RunContext context) {
        return Runner.run(this, defaults(context.scale()), context);
    }
}
