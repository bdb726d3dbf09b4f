package io.github.prcv2021.attacks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import io.github.prcv2021.core.Checks;
import io.github.prcv2021.metrics.Classification;
import java.util.function.UnaryOperator;

/**
 * What transfer-attack papers report: adversarial examples crafted batch-wise on a surrogate
 * ({@link #generate}), the attack success rate on another model ({@link #successRate}) and the average
 * perturbation size on the 0–255 scale ({@link #averagePerturbationSize}, paper 13's APS).
 */
public final class AttackMetrics {

    private AttackMetrics() {}

    /**
     * Attacks {@code x} batch by batch.
     *
     * @return the adversarial examples (N, ...), owned by {@code x}'s manager
     */
    public static NDArray generate(LinfAttack attack, AttackTarget surrogate, NDArray x, NDArray labels, int batchSize) {
        String who = "AttackMetrics.generate";
        Checks.notNull(attack, who, "attack");
        Checks.positive(batchSize, who, "batchSize");
        long n = x.getShape().get(0);
        Checks.check(labels.size() == n, who, "one label per input (" + n + ")", labels.size() + " labels");
        try (NDScope scope = new NDScope()) {
            NDList parts = new NDList();
            for (long start = 0; start < n; start += batchSize) {
                long end = Math.min(n, start + batchSize);
                parts.add(attack.perturb(surrogate, x.get(new NDIndex("{}:{}", start, end)),
                        labels.get(new NDIndex("{}:{}", start, end))));
            }
            if (parts.size() == 1) {
                return parts.head(); // perturb's result is in no scope
            }
            NDArray all = NDArrays.concat(parts);
            NDScope.unregister(all);
            parts.close();
            return all;
        }
    }

    /**
     * The attack success rate: the fraction of {@code adv} that {@code model} misclassifies (paper 13's
     * ASR; on clean inputs this is the model's error rate).
     *
     * @param defence an input transformation applied before the model (e.g. random resize and pad), or null
     * @return a fraction in [0, 1]
     */
    public static double successRate(AttackTarget model, NDArray adv, NDArray labels, int batchSize,
            UnaryOperator<NDArray> defence) {
        String who = "AttackMetrics.successRate";
        Checks.notNull(model, who, "model");
        Checks.positive(batchSize, who, "batchSize");
        long n = adv.getShape().get(0);
        Checks.check(labels.size() == n, who, "one label per input (" + n + ")", labels.size() + " labels");
        Classification.Counter counter = new Classification.Counter();
        for (long start = 0; start < n; start += batchSize) {
            long end = Math.min(n, start + batchSize);
            try (NDScope scope = new NDScope()) {
                NDArray xb = adv.get(new NDIndex("{}:{}", start, end));
                counter.add(model.logits(defence == null ? xb : defence.apply(xb)),
                        labels.get(new NDIndex("{}:{}", start, end)));
            }
        }
        return 1 - counter.accuracy();
    }

    /**
     * APS, the mean absolute pixel change on the 0–255 scale:
     * {@code Σ_i Σ_j |x'_ij − x_ij| / (N·M) · 255 / (max − min)}.
     *
     * @param min lower end of the pixel range of {@code clean} and {@code adv}
     * @param max upper end
     */
    public static double averagePerturbationSize(NDArray clean, NDArray adv, float min, float max) {
        String who = "AttackMetrics.averagePerturbationSize";
        Checks.check(clean.getShape().equals(adv.getShape()), who, "adv shaped like clean " + clean.getShape(),
                adv.getShape());
        Checks.check(max > min, who, "a pixel range with min < max", "[" + min + ", " + max + "]");
        try (NDScope scope = new NDScope()) {
            return adv.sub(clean).abs().mean().getFloat() * 255.0 / (max - min);
        }
    }
}
