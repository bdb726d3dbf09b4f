package io.github.prcv2021.fdattention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.prcv2021.repro.Result;
import io.github.prcv2021.repro.RunContext;
import io.github.prcv2021.repro.Runner;
import io.github.prcv2021.repro.Scale;
import io.github.prcv2021.repro.Settings;
import org.junit.jupiter.api.Test;

/**
 * The paper's claim at quick scale (Fashion-MNIST, 3000 training images, ResNet-8 with and without FD
 * from the same weights on the same batches, 2 epochs, 2 seeds), through the code of {@code prcv
 * reproduce fd-attention}.
 *
 * <p>What holds and is asserted: FD adds no parameters, and the FD network trains (above 65%, as the
 * plain one) at most 3 points below the plain network. What does not hold at this budget, and is
 * therefore not asserted: the digest's non-inferiority bound of 0.5 points. In the runs made while
 * writing this test FD was 0.9 to 2.0 points below the plain network after 188 steps
 * ({@code docs/papers/02-fd-attention.md}, "Quick scale"); the paper's gains (+0.22 to +0.45 points on
 * CIFAR-10) come from about 64k steps.
 */
class FdAttentionClaimTest {

    @Test
    void fdAddsNoParametersAndTrainsWithinThreePointsOfThePlainResNet() {
        FdAttentionReproduction repro = new FdAttentionReproduction();
        Settings s = repro.defaults(Scale.QUICK);
        Result r = Runner.run(repro, s, RunContext.quiet(Scale.QUICK, 1));
        String t = "Fashion-MNIST";
        double plain = r.measured(t, "ResNet-8", FdAttentionReproduction.ACCURACY);
        double fd = r.measured(t, "ResNet-8 + FD", FdAttentionReproduction.ACCURACY);
        double overhead = r.measured(t + ": FD − plain", "ResNet-8", FdAttentionReproduction.OVERHEAD);
        System.out.printf(java.util.Locale.ROOT,
                "FD claim: plain %.2f%%, FD %.2f%%, delta %+.2f points, time overhead %.1f%% (%.0f s)%n",
                plain, fd, fd - plain, overhead, r.getWallSeconds());
        assertEquals(r.measured(t, "ResNet-8", FdAttentionReproduction.PARAMETERS),
                r.measured(t, "ResNet-8 + FD", FdAttentionReproduction.PARAMETERS), "FD adds no parameters");
        assertTrue(plain > 65 && fd > 65, "both networks must learn: plain " + plain + ", FD " + fd);
        assertTrue(fd >= plain - 3, "FD should stay within 3 points of the plain network at this budget: FD " + fd
                + ", plain " + plain);
    }
}
