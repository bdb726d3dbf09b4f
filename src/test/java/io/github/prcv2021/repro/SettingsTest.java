package io.github.prcv2021.repro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SettingsTest {

    private static Settings settings() {
        return new Settings().declare("noise", List.of("0.4"), "rates").declare("noiseType", "uniform", "type")
                .declare("epochs", 20, "epochs").declare("lr", 1e-3, "rate").declare("clean", true, "clean");
    }

    @Test
    void overridesParseToTheDeclaredType() {
        Settings s = settings().override("noise=0.3").override("noiseType=pairflip").override("epochs=5")
                .override("lr=0.01").override("clean=false");
        assertEquals(List.of("0.3"), s.getList("noise"));
        assertEquals("pairflip", s.getString("noiseType"));
        assertEquals(5, s.getInt("epochs"));
        assertEquals(0.01, s.getDouble("lr"), 0);
        assertEquals(false, s.getBoolean("clean"));
        assertEquals(List.of("0.2", "0.3"), settings().override("noise=0.2,0.3").getList("noise"));
    }

    @Test
    void unknownKeysAndBadValuesAreClearErrors() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> settings().override("noize=0.3"));
        assertTrue(e.getMessage().contains("Unknown setting noize") && e.getMessage().contains("noise, noiseType"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> settings().override("epochs=many"));
        assertEquals("Setting epochs expects a whole number, got many", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> settings().override("clean=yes"));
        assertTrue(e.getMessage().contains("boolean"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> settings().override("epochs"));
    }

    @Test
    void catalogListsAll46PapersInOrderWithUniqueIds() {
        List<Paper> papers = Catalog.papers();
        assertEquals(46, papers.size());
        for (int i = 0; i < 46; i++) {
            assertEquals(i + 1, papers.get(i).number());
        }
        assertEquals(46, papers.stream().map(Paper::id).distinct().count());
        assertEquals(46, papers.stream().map(Paper::pkg).distinct().count());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Catalog.require("nope"));
        assertTrue(e.getMessage().contains("known ids: eog-pruning, fd-attention"), e.getMessage());
    }

    @Test
    void everyRegisteredReproductionDeclaresSettingsAtEveryScale() {
        assertTrue(Catalog.reproducible().contains("icce"));
        for (String id : Catalog.reproducible()) {
            Reproduction r = Catalog.reproduction(id).orElseThrow();
            for (Scale scale : Scale.values()) {
                assertTrue(!r.defaults(scale).asMap().isEmpty(), id + " " + scale);
            }
            assertTrue(Catalog.require(id).status() != Status.PLANNED, id + " has a reproduction but is listed as planned");
        }
    }
}
