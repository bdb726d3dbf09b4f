package io.github.prcv2021.distcam;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.prcv2021.repro.Result;
import io.github.prcv2021.repro.RunContext;
import io.github.prcv2021.repro.Runner;
import io.github.prcv2021.repro.Scale;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The paper's claims at quick scale (Fashion-MNIST items on 64 x 64 canvases, 3,000 training, 500
 * validation and 1,000 test canvases, a cnn:16-32-64 backbone trained 3 epochs in mini-batches of 64 with a
 * softmax head for CAM and with a distance head for the metric-learning model, prototypes of Eq. 7 over
 * the training canvases; about 60 CPU-seconds, 112-118 s in surefire with two engine threads on the shared
 * 2-core machine at load 4-5, with other jobs holding most of the CPU):
 *
 * <ol>
 *   <li>Table 1's claim, that Dist-CAM's top-1 localisation error is no worse than CAM's (here: within
 *       1 point), is <b>not</b> reproduced: at CAM's 20% threshold Dist-CAM (on the softmax backbone and
 *       on the metric model) has an error more than 5 points higher than CAM's (measured: 15-19). The test
 *       asserts that finding, with a margin, so that a change that overturns it is noticed and the
 *       documentation revised (docs/papers/28-dist-cam.md).
 *   <li>Much of that gap is due to CAM's fixed threshold: with a threshold calibrated per map on validation canvases,
 *       Dist-CAM's gap to CAM shrinks by more than 5 points on both models (measured: 13-14). Whether a
 *       calibrated gap remains depends on the training budget (2-6 points here, 8-13 with 6,000 canvases in
 *       batches of 128, none for the softmax backbone at full scale), so the test does not assert its sign.
 *   <li>Dist-CAM's prediction, the nearest class prototype (Eq. 7, L1), classifies within 3 points of the
 *       softmax head of the same backbone (the digest's second claim).
 *   <li>Dist-CAM localises far above chance: its calibrated GT-known localisation error is below 60%
 *       (a box of the whole canvas, or a random 28 x 28 box, is almost never at IoU 0.5).
 * </ol>
 */
class DistCamClaimTest {

    @Test
    void nearestPrototypeMatchesSoftmaxButDistCamDoesNotLocaliseAsWellAsCam() {
        DistCamReproduction repro = new DistCamReproduction();
        Result r = Runner.run(repro, repro.defaults(Scale.QUICK), RunContext.quiet(Scale.QUICK, 1));
        String t = "Fashion-MNIST, cnn:16-32-64";
        double cam = r.measured(t, DistCamReproduction.CAM, DistCamReproduction.TOP1);
        double distSoftmax = r.measured(t, DistCamReproduction.DIST_SOFTMAX, DistCamReproduction.TOP1);
        double distMetric = r.measured(t, DistCamReproduction.DIST_METRIC, DistCamReproduction.TOP1);
        double camCal = r.measured(t, DistCamReproduction.CAM, DistCamReproduction.TOP1_CAL);
        double distSoftmaxCal = r.measured(t, DistCamReproduction.DIST_SOFTMAX, DistCamReproduction.TOP1_CAL);
        double distMetricCal = r.measured(t, DistCamReproduction.DIST_METRIC, DistCamReproduction.TOP1_CAL);
        double camCls = r.measured(t, DistCamReproduction.CAM, DistCamReproduction.CLS);
        double protoCls = r.measured(t, DistCamReproduction.DIST_SOFTMAX, DistCamReproduction.CLS);
        double distGtKnownCal = r.measured(t, DistCamReproduction.DIST_SOFTMAX, DistCamReproduction.GT_KNOWN_CAL);
        System.out.printf(Locale.ROOT, "Dist-CAM claim: top-1 loc. error at 0.2: CAM %.2f, Dist-CAM %.2f (softmax backbone), "
                + "%.2f (metric model); calibrated: CAM %.2f, Dist-CAM %.2f, %.2f; classification error: softmax %.2f, "
                + "nearest prototype %.2f (%.0f s)%n", cam, distSoftmax, distMetric, camCal, distSoftmaxCal, distMetricCal,
                camCls, protoCls, r.getWallSeconds());
        // 1. the paper's non-inferiority (Dist-CAM <= CAM + 1) does not hold here, by a clear margin
        assertTrue(distSoftmax > cam + 5, "Dist-CAM (softmax backbone) " + distSoftmax + " vs CAM " + cam);
        assertTrue(distMetric > cam + 5, "Dist-CAM (metric model) " + distMetric + " vs CAM " + cam);
        // 2. calibrating the threshold per map closes much of that gap
        assertTrue((distSoftmax - cam) - (distSoftmaxCal - camCal) > 5 && (distMetric - cam) - (distMetricCal - camCal) > 5,
                "gap to CAM at 0.2: " + (distSoftmax - cam) + " / " + (distMetric - cam) + ", calibrated: "
                        + (distSoftmaxCal - camCal) + " / " + (distMetricCal - camCal));
        // 3. the nearest prototype classifies as well as the softmax head (within 3 points or better)
        assertTrue(protoCls <= camCls + 3, "nearest prototype error " + protoCls + " vs softmax " + camCls);
        // 4. Dist-CAM still localises far above chance
        assertTrue(distGtKnownCal < 60, "Dist-CAM calibrated GT-known error " + distGtKnownCal);
    }
}
