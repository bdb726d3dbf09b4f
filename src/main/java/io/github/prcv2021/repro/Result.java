package io.github.prcv2021.repro;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a reproduction run produced: the measured rows beside the paper's, the settings and seed that
 * produced them, time and machine, plots, and notes (for example where the data differ from the
 * paper's). Written by {@link ReportWriter} as JSON and Markdown.
 */
public final class Result {

    private final String id;
    private final Scale scale;
    private final long seed;
    private final Map<String, Object> settings;
    private final List<Row> rows = new ArrayList<>();
    private final Map<String, String> paperSources = new LinkedHashMap<>();
    private final List<Plot> plots = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final List<Figure> figures = new ArrayList<>();
    private final Map<String, Object> extra = new LinkedHashMap<>();
    private double wallSeconds;
    private Map<String, String> machine = Machine.describe();

    /** A result for a run of {@code id} at {@code scale} with these settings. */
    public Result(String id, Scale scale, long seed, Settings settings) {
        this.id = id;
        this.scale = scale;
        this.seed = seed;
        this.settings = new LinkedHashMap<>(settings.asMap());
    }

    /** Adds a cell; percent units for accuracies. */
    public Result addRow(String table, String row, String column, Double paper, Double measured) {
        rows.add(new Row(table, row, column, paper, measured));
        return this;
    }

    /** Says where the paper's numbers shown in {@code table} come from, when they are not the same data. */
    public Result setPaperSource(String table, String source) {
        paperSources.put(table, source);
        return this;
    }

    /** Adds a plot. */
    public Result addPlot(Plot plot) {
        plots.add(plot);
        return this;
    }

    /**
     * A picture a reproduction draws itself (for example example heatmaps), written as PNG beside the
     * report and shown in its Markdown.
     *
     * @param file the PNG file name (without folder)
     * @param title the caption
     * @param image the picture
     */
    public record Figure(String file, String title, java.awt.image.RenderedImage image) {}

    /** Adds a picture to write as PNG and show in the report. */
    public Result addFigure(String file, String title, java.awt.image.RenderedImage image) {
        figures.add(new Figure(file, title, image));
        return this;
    }

    /** The pictures. */
    public List<Figure> getFigures() {
        return figures;
    }

    /** Adds a note printed under the tables. */
    public Result addNote(String note) {
        notes.add(note);
        return this;
    }

    /** Adds a free-form value to the JSON (for example per-seed numbers or histories). */
    public Result putExtra(String key, Object value) {
        extra.put(key, value);
        return this;
    }

    /** Sets the wall-clock time. */
    public Result setWallSeconds(double s) {
        this.wallSeconds = s;
        return this;
    }

    /** Replaces the machine description (tests). */
    public Result setMachine(Map<String, String> machine) {
        this.machine = machine;
        return this;
    }

    public String getId() {
        return id;
    }

    public Scale getScale() {
        return scale;
    }

    public long getSeed() {
        return seed;
    }

    public Map<String, Object> getSettings() {
        return settings;
    }

    public List<Row> getRows() {
        return rows;
    }

    public Map<String, String> getPaperSources() {
        return paperSources;
    }

    public List<Plot> getPlots() {
        return plots;
    }

    public List<String> getNotes() {
        return notes;
    }

    public Map<String, Object> getExtra() {
        return extra;
    }

    public double getWallSeconds() {
        return wallSeconds;
    }

    public Map<String, String> getMachine() {
        return machine;
    }

    /** The measured value of a cell, or NaN when absent. */
    public double measured(String table, String row, String column) {
        return rows.stream().filter(r -> r.table().equals(table) && r.row().equals(row) && r.column().equals(column)
                && r.measured() != null).mapToDouble(Row::measured).findFirst().orElse(Double.NaN);
    }
}
