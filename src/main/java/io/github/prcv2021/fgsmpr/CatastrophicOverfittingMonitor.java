package io.github.prcv2021.fgsmpr;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.training.Trainer;
import io.github.prcv2021.attacks.AttackTarget;
import io.github.prcv2021.attacks.Fgsm;
import io.github.prcv2021.attacks.Pgd;
import io.github.prcv2021.core.Checks;
import io.github.prcv2021.metrics.Classification;
import io.github.prcv2021.train.EpochRecord;
import io.github.prcv2021.train.TrainingLoop;

/**
 * After every epoch, measures on held-out images what reveals catastrophic overfitting (the paper's
 * Sect. 3 and Figs. 1-2): accuracy under FGSM and under PGD-20 (one random start), and the mean logit
 * distance {@code ‖f(x_fgsm) − f(x_pgd)‖₂} between the two attacks' examples of the same image, which
 * the paper observes to jump when robustness collapses. Values go into the epoch record's
 * {@code extra()} map as {@code clean}, {@code FGSM}, {@code PGD-20} (accuracy in percent) and
 * {@code logit gap}.
 *
 * <pre>{@code
 * TrainingLoop.builder().setEpochs(8).optStep(step)
 *         .addListener(new CatastrophicOverfittingMonitor(testX, testY, 0.25f, 0.0625f)).build();
 * }</pre>
 */
public final class CatastrophicOverfittingMonitor implements TrainingLoop.EpochListener {

    private final NDArray x;
    private final NDArray y;
    private final Fgsm fgsm;
    private final Pgd pgd;
    private final int batchSize;

    /**
     * A monitor.
     *
     * @param x held-out images (N, C, H, W) in [0, 1]; the caller keeps them open while training
     * @param y their class indices (N)
     * @param epsilon the attacks' radius
     * @param pgdStep PGD-20's step (ε/4 is usual)
     */
    public CatastrophicOverfittingMonitor(NDArray x, NDArray y, float epsilon, float pgdStep) {
        Checks.check(x.getShape().get(0) == y.size(), "CatastrophicOverfittingMonitor", "one label per image ("
                + x.getShape().get(0) + ")", y.size() + " labels");
        this.x = x;
        this.y = y;
        this.fgsm = Fgsm.builder().setEpsilon(epsilon).build();
        this.pgd = Pgd.builder().setEpsilon(epsilon).setSteps(20).optStep(pgdStep).build();
        this.batchSize = 500;
    }

    @Override
    public void onEpoch(EpochRecord record, Trainer trainer) {
        AttackTarget target = AttackTarget.of(trainer.getModel());
        Classification.Counter clean = new Classification.Counter();
        Classification.Counter underFgsm = new Classification.Counter();
        Classification.Counter underPgd = new Classification.Counter();
        double gapSum = 0;
        long n = x.getShape().get(0);
        for (long start = 0; start < n; start += batchSize) {
            try (NDScope scope = new NDScope()) {
                NDIndex range = new NDIndex("{}:{}", start, Math.min(n, start + batchSize));
                NDArray xb = x.get(range);
                NDArray yb = y.get(range);
                NDArray zf = target.logits(fgsm.perturb(target, xb, yb));
                NDArray zp = target.logits(pgd.perturb(target, xb, yb));
                clean.add(target.logits(xb), yb);
                underFgsm.add(zf, yb);
                underPgd.add(zp, yb);
                gapSum += zf.sub(zp).norm(new int[] {1}).sum().getFloat();
            }
        }
        record.extra().put("clean", clean.accuracy() * 100);
        record.extra().put("FGSM", underFgsm.accuracy() * 100);
        record.extra().put("PGD-20", underPgd.accuracy() * 100);
        record.extra().put("logit gap", gapSum / n);
    }
}
