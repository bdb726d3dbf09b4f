package io.github.prcv2021.mran;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.prcv2021.repro.Result;
import io.github.prcv2021.repro.RunContext;
import io.github.prcv2021.repro.Runner;
import io.github.prcv2021.repro.Scale;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The paper's central claim at quick scale: MRANet despeckles better than the Frost filter, and smooths flat
 * regions. A small MRANet (C = 16, m = 2 groups, n = 2 RCBs, 26,653 parameters; the paper's has 2.4 M) is
 * trained for 600 Adam steps (lr 2e-3) on 8 random 32×32 patches of 12 offline photos with L = 4 intensity
 * speckle, then tested on the held-out camera photo's central 128×128 crop with L = 4 speckle, against Lee's
 * and Frost's filters (7×7, Frost K = 2). Measured (seed 1): PSNR noisy 16.61, Lee 22.66, Frost 24.50,
 * MRANet 25.98 dB (+1.48 over Frost; the paper's Table 1 has +2.91 at L = 4 on a Set12 image); SSIM Frost
 * 0.809, MRANet 0.838; ENL on the flattest 24×24 window noisy 3.11, Frost 37.5, MRANet 28.8; 124 s at load 7. A
 * later run gave MRANet 25.80 dB (+1.30) and ENL 31.1 in 33 s (46 s for the whole Maven test) at load 4.3 falling
 * to 2.9 on the shared 2-core machine; multi-threaded CPU training is not bit-reproducible. The margin needs the
 * 600 steps (400 steps: 25.06 dB, +0.56).
 *
 * <ol>
 *   <li>MRANet's PSNR is at least 1 dB above Frost's (the claim as the digest calibrates it for a toy-sized
 *       network).
 *   <li>On the flat region MRANet's ENL is more than three times the noisy input's (smoothing). Against Frost
 *       it varies from run to run (28.8 here, 44.2 in a rerun, Frost 37.5), so it is not asserted.
 * </ol>
 */
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
        assertTrue(enlMran > 3 * enlNoisy, "ENL MRANet " + enlMran + " vs noisy " + enlNoisy);
    }
}
