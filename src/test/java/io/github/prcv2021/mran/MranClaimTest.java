package io.github.prcv2021.mran;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.prcv2021.repro.Result;
import io.github.prcv2021.repro.RunContext;
import io.github.prcv2021.repro.Runner;
import io.github.prcv2021.repro.Scale;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The paper's central claim at quick scale. */
class MranClaimTest {

    @Test
    void mranetBeatsFrostAndSmoothsFlatRegions() {
        MranReproduction repro = new MranReproduction();
        Result r = Runner.run(repro, repro.defaults(Scale.QUICK), RunContext.quiet(Scale.QUICK, 1));
        String t = MranReproduction.table(4);
        double noisy = r.measured(t, MranReproduction.NOISY, MranReproduction.PSNR);
        double lee = r.measured(t, MranReproduction.LEE, MranReproduction.PSNR);
        double frost = r.measured(t, MranReproduction.FROST, MranReproduction.PSNR);
        double mran = r.measured(t, MranReproduction.MRAN, MranReproduction.PSNR);
        double enlNoisy = r.measured(t, MranReproduction.NOISY, MranReproduction.ENL);
        double enlMran = r.measured(t, MranReproduction.MRAN, MranReproduction.ENL);
        System.out.printf(Locale.ROOT, "MRAN claim: PSNR noisy %.2f, Lee %.2f, Frost %.2f, MRANet %.2f dB; SSIM Frost %.4f, "
                + "MRANet %.4f; ENL noisy %.2f, Frost %.2f, MRANet %.2f (%.1f s)%n", noisy, lee, frost, mran,
                r.measured(t, MranReproduction.FROST, MranReproduction.SSIM), r.measured(t, MranReproduction.MRAN, MranReproduction.SSIM),
                enlNoisy, r.measured(t, MranReproduction.FROST, MranReproduction.ENL), enlMran, r.getWallSeconds());
        assertTrue(mran >= frost + 1.0, "MRANet " + mran + " dB vs Frost " + frost + " dB");
        assertTrue(enlMran > enlNoisy, "ENL MRANet " + enlMran + " vs noisy " + enlNoisy);
    }
}
