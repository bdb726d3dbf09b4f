package io.github.prcv2021.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class PrcvTest {

    /** Runs the command with standard output and error captured; returns {exit code, out, err}. */
    private static String[] run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            Supplier<Integer> call = () -> Prcv.execute(args);
            int code = call.get();
            return new String[] {String.valueOf(code), o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8)};
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void listShowsAll46Papers() {
        String[] r = run("list");
        assertEquals("0", r[0]);
        assertEquals(46, r[1].lines().count());
        assertTrue(r[1].contains("icce") && r[1].contains("claim-verified"), r[1]);
    }

    @Test
    void unknownIdIsAHelpfulErrorWithNonZeroExit() {
        String[] r = run("reproduce", "icec");
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("Unknown paper id 'icec'") && r[2].contains("icce"), r[2]);
        r = run("reproduce", "eog-pruning");
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("has no reproduction yet"), r[2]);
    }

    @Test
    void badOverrideIsAHelpfulErrorWithNonZeroExit() {
        String[] r = run("reproduce", "icce", "--scale", "smoke", "--set", "noize=0.3");
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("Unknown setting noize") && r[2].contains("noiseType"), r[2]);
        r = run("reproduce", "icce", "--scale", "huge");
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("smoke, quick or full"), r[2]);
        r = run("reproduce", "icce", "--set", "losses=CCE,Focal", "--scale", "smoke");
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("CCE, MAE, GCE, IMAE, ICCE") && r[2].contains("Focal"), r[2]);
    }

    @Test
    void smokeReproductionWritesTheReportWithOverrides() throws Exception {
        Path out = Files.createTempDirectory("prcv");
        String[] r = run("reproduce", "icce", "--scale", "smoke", "--seed", "3", "--set", "noise=0.3",
                "--set", "noiseType=pairflip", "--set", "trainSize=500", "--out", out.toString());
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].contains("class-dependent 0.3"), r[1]);
        JsonNode json = new ObjectMapper().readTree(out.resolve("icce.json").toFile());
        assertEquals("smoke", json.get("scale").asText());
        assertEquals(3, json.get("seed").asInt());
        assertEquals("pairflip", json.get("settings").get("noiseType").get(0).asText());
        assertEquals(4, json.get("rows").size()); // {CCE, ICCE} x {clean, class-dependent 0.3}
        assertTrue(json.get("wallSeconds").asDouble() > 0);
        String md = Files.readString(out.resolve("icce.md"));
        assertTrue(md.contains("--set noise=0.3 --set noiseType=pairflip"), md);
    }
}
