package io.github.prcv2021.repro;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Writes a {@link Result} as {@code <out>/<id>.json}, {@code <out>/<id>.md} and its plots as PNG beside
 * them. The Markdown puts the paper's number and ours side by side in each cell.
 */
public final class ReportWriter {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ReportWriter() {}

    /** Writes the three kinds of file and returns the Markdown path. */
    public static Path write(Result result, Path outDir) {
        try {
            Files.createDirectories(outDir);
            Files.writeString(outDir.resolve(result.getId() + ".json"), toJson(result), StandardCharsets.UTF_8);
            for (Plot p : result.getPlots()) {
                writePlot(p, outDir.resolve(p.file()));
            }
            for (Result.Figure f : result.getFigures()) {
                javax.imageio.ImageIO.write(f.image(), "png", outDir.resolve(f.file()).toFile());
            }
            Path md = outDir.resolve(result.getId() + ".md");
            Files.writeString(md, toMarkdown(result), StandardCharsets.UTF_8);
            return md;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the report to " + outDir, e);
        }
    }

    /** The JSON document: id, scale, seed, settings, wallSeconds, machine, rows, and the rest. */
    public static String toJson(Result r) {
        ObjectNode root = JSON.createObjectNode();
        root.put("id", r.getId());
        root.put("scale", r.getScale().label());
        root.put("seed", r.getSeed());
        root.set("settings", JSON.valueToTree(r.getSettings()));
        root.put("wallSeconds", Math.round(r.getWallSeconds() * 10) / 10.0);
        root.set("machine", JSON.valueToTree(r.getMachine()));
        ArrayNode rows = root.putArray("rows");
        for (Row row : r.getRows()) {
            ObjectNode n = rows.addObject();
            n.put("table", row.table());
            n.put("row", row.row());
            n.put("column", row.column());
            if (row.paper() == null) {
                n.putNull("paper");
            } else {
                n.put("paper", row.paper());
            }
            if (row.measured() == null) {
                n.putNull("measured");
            } else {
                n.put("measured", round(row.measured(), 4));
            }
        }
        root.set("paperSources", JSON.valueToTree(r.getPaperSources()));
        root.set("notes", JSON.valueToTree(r.getNotes()));
        root.set("extra", JSON.valueToTree(r.getExtra()));
        ArrayNode plots = root.putArray("plots");
        r.getPlots().forEach(p -> plots.add(p.file()));
        r.getFigures().forEach(f -> plots.add(f.file()));
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The Markdown report. */
    public static String toMarkdown(Result r) {
        Paper paper = Catalog.find(r.getId()).orElse(null);
        StringBuilder sb = new StringBuilder();
        sb.append("# ").append(paper == null ? r.getId() : String.format(Locale.ROOT, "%02d %s", paper.number(), paper.title()))
                .append(": reproduction at ").append(r.getScale().label()).append(" scale\n\n");
        if (paper != null) {
            sb.append(paper.citation()).append("\n\n");
        }
        sb.append("Produced by `").append(command(r)).append("` in ")
                .append(String.format(Locale.ROOT, "%.0f s", r.getWallSeconds())).append(" on ")
                .append(r.getMachine().getOrDefault("cpu", "?")).append(" (").append(r.getMachine().getOrDefault("cores", "?"))
                .append(" cores, ").append(r.getMachine().getOrDefault("engine", "?")).append(", DJL ")
                .append(r.getMachine().getOrDefault("djl", "?")).append(").\n\n");
        sb.append("Each cell reads **ours** / paper, in the paper's units. A dash means no number.\n");
        Set<String> tables = new LinkedHashSet<>();
        r.getRows().forEach(row -> tables.add(row.table()));
        for (String table : tables) {
            sb.append("\n## ").append(table).append("\n\n");
            String source = r.getPaperSources().get(table);
            if (source != null) {
                sb.append("Paper's numbers: ").append(source).append(".\n\n");
            }
            List<String> rowNames = new ArrayList<>();
            List<String> colNames = new ArrayList<>();
            for (Row row : r.getRows()) {
                if (row.table().equals(table)) {
                    if (!rowNames.contains(row.row())) {
                        rowNames.add(row.row());
                    }
                    if (!colNames.contains(row.column())) {
                        colNames.add(row.column());
                    }
                }
            }
            sb.append("| |");
            colNames.forEach(c -> sb.append(' ').append(c).append(" |"));
            sb.append("\n|---|");
            colNames.forEach(c -> sb.append("---|"));
            sb.append('\n');
            for (String rn : rowNames) {
                sb.append("| ").append(rn).append(" |");
                for (String cn : colNames) {
                    Row cell = r.getRows().stream().filter(x -> x.table().equals(table) && x.row().equals(rn)
                            && x.column().equals(cn)).findFirst().orElse(null);
                    sb.append(' ').append(cell == null ? "" : "**" + fmt(cell.measured()) + "** / " + fmt(cell.paper())).append(" |");
                }
                sb.append('\n');
            }
        }
        if (!r.getNotes().isEmpty()) {
            sb.append("\n## Notes\n\n");
            r.getNotes().forEach(n -> sb.append("- ").append(n).append('\n'));
        }
        for (Plot p : r.getPlots()) {
            sb.append("\n![").append(p.title()).append("](").append(p.file()).append(")\n");
        }
        for (Result.Figure f : r.getFigures()) {
            sb.append("\n").append(f.title()).append("\n\n![").append(f.title()).append("](").append(f.file()).append(")\n");
        }
        sb.append("\n## Settings\n\n| parameter | value |\n|---|---|\n");
        r.getSettings().forEach((k, v) -> sb.append("| ").append(k).append(" | ").append(
                v instanceof List<?> l ? String.join(",", l.stream().map(String::valueOf).toList()) : v).append(" |\n"));
        sb.append("| seed | ").append(r.getSeed()).append(" |\n");
        sb.append("\nMachine: ");
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, String> e : r.getMachine().entrySet()) {
            parts.add(e.getKey() + " " + e.getValue());
        }
        sb.append(String.join("; ", parts)).append(".\n");
        return sb.toString();
    }

    private static String command(Result r) {
        StringBuilder sb = new StringBuilder("prcv reproduce ").append(r.getId());
        if (r.getScale() != Scale.QUICK) {
            sb.append(" --scale ").append(r.getScale().label());
        }
        sb.append(" --seed ").append(r.getSeed());
        Object overrides = r.getExtra().get("overrides");
        if (overrides instanceof List<?> l) {
            l.forEach(o -> sb.append(" --set ").append(o));
        }
        return sb.toString();
    }

    private static String fmt(Double v) {
        if (v == null || v.isNaN()) {
            return "–";
        }
        return Math.abs(v) >= 100 || v == Math.rint(v) && Math.abs(v) < 1e6 && Math.abs(v) >= 1
                ? String.format(Locale.ROOT, "%.2f", v) : String.format(Locale.ROOT, "%.4g", v);
    }

    private static double round(double v, int digits) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return v;
        }
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }

    private static final int PLOT_WIDTH = 720;
    /** Colours in XChart's default series palette. */
    private static final int PALETTE = 10;
    private static final org.knowm.xchart.style.markers.Marker[] MARKERS = {SeriesMarkers.CIRCLE, SeriesMarkers.DIAMOND,
        SeriesMarkers.SQUARE, SeriesMarkers.TRIANGLE_UP, SeriesMarkers.TRIANGLE_DOWN, SeriesMarkers.CROSS};

    /** The largest title font (at most 14 pt, at least 9 pt) at which the title fits the chart's width. */
    static int titleFontSize(String title) {
        int length = Math.max(1, title == null ? 0 : title.length());
        // bold sans-serif glyphs average about 0.6 em
        return Math.max(9, Math.min(14, (int) Math.floor((PLOT_WIDTH - 40) / (0.6 * length))));
    }

    /** Draws a plot as PNG. */
    public static void writePlot(Plot p, Path file) throws IOException {
        XYChart chart = new XYChartBuilder().width(PLOT_WIDTH).height(440).title(p.title()).xAxisTitle(p.xLabel())
                .yAxisTitle(p.yLabel()).build();
        chart.getStyler().setMarkerSize(5);
        chart.getStyler().setChartTitleFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.BOLD,
                titleFontSize(p.title())));
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideE);
        int i = 0;
        for (Map.Entry<String, double[][]> s : p.series().entrySet()) {
            // the palette repeats after PALETTE colours: later series get another marker shape
            chart.addSeries(s.getKey(), s.getValue()[0], s.getValue()[1]).setMarker(MARKERS[(i++ / PALETTE) % MARKERS.length]);
        }
        String name = file.getFileName().toString();
        Path base = file.resolveSibling(name.endsWith(".png") ? name.substring(0, name.length() - 4) : name);
        BitmapEncoder.saveBitmap(chart, base.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
