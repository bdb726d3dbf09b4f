package io.github.prcv2021.invics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.github.prcv2021.docs.DocExamples;
import io.github.prcv2021.metrics.ImageQuality;
import org.junit.jupiter.api.Test;

/** The example on docs/papers/45-invics.md compiles and runs here (an untrained network on a random image). */
class InvIcsDocExampleTest {

    @Test
    void docPageExampleRuns() throws Exception {
        double psnr;
        double error;
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray image = manager.randomUniform(0, 1, new Shape(1, 1, 70, 90));
            // DOC:begin
            InvIcsNet net = InvIcsNet.builder()
                    .setCsRatio(25) // M = 272 measurements per 33x33 block
                    .optPhases(3) // K (the paper: 30)
                    .optStateChannels(8) // z (the paper: 32)
                    .optDenseLayers(3).optDenseGrowth(8)
                    .build();
            net.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 33, 33));
            ParameterStore ps = new ParameterStore(manager, false);
            NDList rec = net.reconstructImage(ps, image); // {Phi^T y, x_K}, padded to 33-multiples and cropped back
            psnr = ImageQuality.psnr(rec.get(1).clip(0, 1), image, 1.0);
            // the recovery subnet is a bijection: u_0 = Recovery^-1(Recovery(u_0))
            NDArray x = image.get(":, :, 0:66, 0:66");
            NDArray y = net.measure(ps, x);
            NDArray u0 = net.initialState(ps, net.initialEstimate(ps, y), false);
            NDArray back = net.recoverInverse(ps, net.recover(ps, u0, y, false), y);
            error = back.sub(u0).abs().max().getFloat();
            // DOC:end
            assertEquals(new Shape(1, 1, 70, 90), rec.get(1).getShape());
        }
        assertTrue(Double.isFinite(psnr), "PSNR " + psnr);
        assertTrue(error < 1e-3, "inverse error " + error);
        assertTrue(DocExamples.pageContains("docs/papers/45-invics.md",
                DocExamples.snippet("src/test/java/io/github/prcv2021/invics/InvIcsDocExampleTest.java", "DOC")));
    }
}
