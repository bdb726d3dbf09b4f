package io.github.prcv2021.mran;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.github.prcv2021.data.PhotoPatches;
import io.github.prcv2021.data.Speckle;
import io.github.prcv2021.docs.DocExamples;
import io.github.prcv2021.metrics.ImageQuality;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The example on docs/papers/24-mran.md compiles and runs here (20 steps of a tiny network). */
class MranDocExampleTest {

    @Test
    void docPageExampleRuns() throws Exception {
        double psnrMran;
        double psnrFrost;
        try (NDManager manager = NDManager.newBaseManager()) {
            // DOC:begin
            PhotoPatches train = PhotoPatches.of(List.of("brick", "coins", "grass"));
            PhotoPatches test = PhotoPatches.of(List.of("camera"));
            Mranet net = Mranet.builder()
                    .optChannels(8) // C (the paper: 64)
                    .optGroups(1) // m residual groups (the paper: 3)
                    .optBlocksPerGroup(1) // n RCBs per group (the paper: 10)
                    .build();
            try (Model model = Model.newInstance("mran")) {
                model.setBlock(net);
                MranTrainer.builder().setSteps(20).optBatchSize(4).optPatchSize(32)
                        .optLearningRate(2e-3f).optLooks(4).build()
                        .fit(model, train); // L1 loss of Eq. 6, Adam
                NDArray clean = test.centerCrop(manager, 0, 64);
                NDArray noisy = Speckle.intensity(4).apply(clean, new Random(1)); // L = 4 looks
                NDArray despeckled = MranTrainer.despeckle(net, noisy); // y = x - z
                NDArray frost = SpeckleFilters.frost(noisy, 7, 2.0); // 7x7 window, damping K = 2
                psnrMran = ImageQuality.psnr(despeckled.clip(0f, 1f), clean, 1.0);
                psnrFrost = ImageQuality.psnr(frost.clip(0f, 1f), clean, 1.0);
                double enl = DespecklingMetrics.enl(despeckled, 0, 0, 16, 16);
            }
            // DOC:end
        }
        assertTrue(Double.isFinite(psnrMran) && Double.isFinite(psnrFrost), psnrMran + " " + psnrFrost);
        assertEquals(true, DocExamples.pageContains("docs/papers/24-mran.md",
                DocExamples.snippet("src/test/java/io/github/prcv2021/mran/MranDocExampleTest.java", "DOC")));
    }
}
