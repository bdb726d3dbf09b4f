package io.github.prcv2021.repro;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A line chart a reproduction asks the report writer to draw as PNG: named series of (x, y) points.
 *
 * @param file the PNG file name (without folder), e.g. {@code icce-curves.png}
 * @param title the chart title
 * @param xLabel the x-axis label
 * @param yLabel the y-axis label
 * @param series series name to {x[], y[]}
 */
public record Plot(String file, String title, String xLabel, String yLabel, Map<String, double[][]> series) {

    /** A plot with no series yet; add them with {@link #add}. */
    public static Plot of(String file, String title, String xLabel, String yLabel) {
        return new Plot(file, title, xLabel, yLabel, new LinkedHashMap<>());
    }

    /** Adds a series. */
    public Plot add(String name, double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("Plot.add expects x and y of equal length, got " + x.length + " and " + y.length);
        }
        series.put(name, new double[][] {x, y});
        return this;
    }
}
