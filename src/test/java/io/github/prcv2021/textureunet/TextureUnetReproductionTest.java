package io.github.prcv2021.textureunet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.prcv2021.repro.Result;
import io.github.prcv2021.repro.RunContext;
import io.github.prcv2021.repro.Runner;
import io.github.prcv2021.repro.Scale;
import io.github.prcv2021.repro.Settings;
import org.junit.jupiter.api.Test;

/** The experiment code at smoke scale (4 steps on a 128² image), and its input checks. */
class TextureUnetReproductionTest {

    @Test
    void smokeRunFillsEveryRowAndTheSampleGrid() {
        TextureUnetReproduction repro = new TextureUnetReproduction();
        Result r = Runner.run(repro, repro.defaults(Scale.SMOKE), RunContext.quiet(Scale.SMOKE, 3));
        String t = TextureUnetReproduction.TABLE;
        for (String row : new String[] {TextureUnetReproduction.UNET_MSE, TextureUnetReproduction.TG_IMED}) {
            double mse = r.measured(t, row, TextureUnetReproduction.MSE);
            assertTrue(mse > 0 && Double.isFinite(mse), row + " MSE " + mse);
        }
        assertEquals(147497, r.measured(t, TextureUnetReproduction.UNET_MSE, TextureUnetReproduction.PARAMS), 0);
        assertFalse(r.getFigures().isEmpty());
        assertEquals(7.925, r.getRows().stream().filter(x -> x.row().equals(TextureUnetReproduction.UNET_MSE)
                && x.column().equals(TextureUnetReproduction.MSE)).findFirst().orElseThrow().paper(), 0);
    }

    @Test
    void unknownVariantIsRejectedNamingTheChoices() {
        TextureUnetReproduction repro = new TextureUnetReproduction();
        Settings s = repro.defaults(Scale.SMOKE).override("variants=unet-l1");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> repro.run(s, RunContext.quiet(Scale.SMOKE, 1)));
        assertTrue(e.getMessage().contains("tgunet-imed") && e.getMessage().contains("unet-l1"), e.getMessage());
    }
}
