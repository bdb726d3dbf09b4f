package io.github.prcv2021.attacks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import io.github.prcv2021.core.Checks;
import io.github.prcv2021.metrics.Classification;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Robust accuracy: the fraction of examples a classifier still labels correctly after each attack
 * (clean accuracy for a {@code null} attack). The evaluation of the adversarial-training papers, e.g.
 * FGSMPR's "PGD-20-10" column is {@code Pgd} with 20 steps and 10 restarts.
 *
 * <pre>{@code
 * Map<String, LinfAttack> attacks = new LinkedHashMap<>();
 * attacks.put("clean", null);
 * attacks.put("FGSM", Fgsm.builder().setEpsilon(0.3f).build());
 * attacks.put("PGD-20-10", Pgd.builder().setEpsilon(0.3f).setSteps(20).optStep(0.1f).optRestarts(10).build());
 * Map<String, Double> acc = RobustAccuracy.evaluate(AttackTarget.of(model), images, labels, 500, attacks);
 * }</pre>
 */
public final class RobustAccuracy {

    private RobustAccuracy() {}

    /**
     * Evaluates every attack on every example, batch by batch.
     *
     * @param target the classifier (usually in inference mode)
     * @param x inputs (N, ...)
     * @param labels class indices (N)
     * @param batchSize examples per attacked batch
     * @param attacks name to attack, in report order; a {@code null} attack measures clean accuracy
     * @return name to accuracy in [0, 1], in the order given
     */
    public static Map<String, Double> evaluate(AttackTarget target, NDArray x, NDArray labels, int batchSize,
            Map<String, LinfAttack> attacks) {
        Checks.notNull(target, "RobustAccuracy.evaluate", "target");
        Checks.notNull(attacks, "RobustAccuracy.evaluate", "attacks");
        Checks.positive(batchSize, "RobustAccuracy.evaluate", "batchSize");
        long n = x.getShape().get(0);
        Checks.check(labels.size() == n, "RobustAccuracy.evaluate", "one label per input (" + n + ")",
                labels.size() + " labels");
        Map<String, Classification.Counter> counters = new LinkedHashMap<>();
        attacks.keySet().forEach(k -> counters.put(k, new Classification.Counter()));
        for (long start = 0; start < n; start += batchSize) {
            long end = Math.min(n, start + batchSize);
            try (NDScope scope = new NDScope()) {
                NDArray xb = x.get(new NDIndex("{}:{}", start, end));
                NDArray yb = labels.get(new NDIndex("{}:{}", start, end));
                for (Map.Entry<String, LinfAttack> e : attacks.entrySet()) {
                    NDArray input = e.getValue() == null ? xb : e.getValue().perturb(target, xb, yb);
                    counters.get(e.getKey()).add(target.logits(input), yb);
                }
            }
        }
        Map<String, Double> out = new LinkedHashMap<>();
        counters.forEach((k, c) -> out.put(k, c.accuracy()));
        return out;
    }
}
