package io.github.prcv2021.repro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportWriterTest {

    @Test
    void writesJsonMarkdownAndPlotsWithTheContractFields() throws Exception {
        Settings s = new Settings().declare("noise", List.of("0.4"), "rates").declare("epochs", 3, "epochs");
        Result r = new Result("icce", Scale.SMOKE, 7, s).addRow("Fashion-MNIST", "ICCE", "uniform 0.4", 75.43, 83.6)
                .addRow("Fashion-MNIST", "CCE", "clean", null, 86.1)
                .addPlot(Plot.of("icce-test.png", "t", "epoch", "acc").add("ICCE", new double[] {1, 2}, new double[] {50, 60}))
                .setWallSeconds(12.34).setMachine(Map.of("cpu", "test cpu", "cores", "2"));
        Path dir = Files.createTempDirectory("report");
        Path md = ReportWriter.write(r, dir);
        JsonNode json = new ObjectMapper().readTree(dir.resolve("icce.json").toFile());
        assertEquals("icce", json.get("id").asText());
        assertEquals("smoke", json.get("scale").asText());
        assertEquals(7, json.get("seed").asLong());
        assertEquals(3, json.get("settings").get("epochs").asInt());
        assertEquals(12.3, json.get("wallSeconds").asDouble(), 1e-9);
        assertEquals("test cpu", json.get("machine").get("cpu").asText());
        JsonNode row = json.get("rows").get(0);
        assertEquals("Fashion-MNIST", row.get("table").asText());
        assertEquals(75.43, row.get("paper").asDouble(), 0);
        assertEquals(83.6, row.get("measured").asDouble(), 0);
        assertTrue(json.get("rows").get(1).get("paper").isNull());
        String text = Files.readString(md);
        assertTrue(text.contains("| ICCE | **83.60** / 75.43 |"), text);
        assertTrue(Files.size(dir.resolve("icce-test.png")) > 1000);
    }

    @Test
    void longTitlesShrinkToFitAndManySeriesStillDraw() throws Exception {
        assertEquals(14, ReportWriter.titleFontSize("short"));
        String longTitle = "MNIST, ensemble of 4 surrogates: perturbation size vs transfer, a title of about ninety chars";
        int size = ReportWriter.titleFontSize(longTitle);
        assertTrue(size < 14 && size >= 9, "font " + size);
        assertTrue(0.6 * size * longTitle.length() <= 720 - 40, "the title fits the chart");
        Plot plot = Plot.of("many.png", longTitle, "x", "y");
        for (int i = 0; i < 13; i++) {
            plot.add("series " + i, new double[] {i}, new double[] {i * i});
        }
        Path dir = Files.createTempDirectory("plots");
        ReportWriter.writePlot(plot, dir.resolve("many.png"));
        assertTrue(Files.size(dir.resolve("many.png")) > 1000);
    }
}
