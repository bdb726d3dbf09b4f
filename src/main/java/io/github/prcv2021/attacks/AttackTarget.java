package io.github.prcv2021.attacks;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.util.Pair;
import io.github.prcv2021.core.Checks;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The classifier an attack differentiates: one DJL {@link Block} or a weighted ensemble of blocks whose
 * logits are summed ({@code l(x) = Σ w_i l_i(x)}, the ensemble attack of MI-FGSM and of paper 13).
 *
 * <p>{@link #inputGradient} opens its own {@link GradientCollector}, so it must not be called while
 * another collector is open (the PyTorch engine allows one at a time). While it runs, the blocks'
 * parameters are detached from autograd: the backward pass computes the input gradient only (cheaper,
 * and no stale gradient is left in the parameters for a later optimizer step). Their previous
 * gradient state is restored afterwards.
 *
 * <p>A target is cheap to create; build one per model, or per training step with
 * {@link #training(Trainer)}.
 */
public final class AttackTarget {

    private final List<Block> blocks;
    private final float[] weights;
    private final boolean training;
    private final ParameterStore parameterStore;

    private AttackTarget(List<Block> blocks, float[] weights, boolean training, NDManager storeManager) {
        this.blocks = blocks;
        this.weights = weights;
        this.training = training;
        this.parameterStore = new ParameterStore(storeManager, false);
    }

    /** The model's block in inference mode (batch-norm running statistics, no dropout). */
    public static AttackTarget of(Model model) {
        Checks.notNull(model, "AttackTarget.of", "model");
        return of(model.getBlock(), model.getNDManager());
    }

    /** A block in inference mode; {@code manager} owns the parameter store's temporary arrays. */
    public static AttackTarget of(Block block, NDManager manager) {
        Checks.notNull(block, "AttackTarget.of", "block");
        Checks.notNull(manager, "AttackTarget.of", "manager");
        return new AttackTarget(List.of(block), new float[] {1f}, false, manager);
    }

    /**
     * The trainer's block in training mode (batch statistics), as adversarial training generates its
     * examples (Madry et al.; Wong et al.; FGSMPR's Algorithm 1).
     */
    public static AttackTarget training(Trainer trainer) {
        Checks.notNull(trainer, "AttackTarget.training", "trainer");
        return new AttackTarget(List.of(trainer.getModel().getBlock()), new float[] {1f}, true,
                trainer.getManager());
    }

    /**
     * An ensemble in inference mode whose logits are {@code Σ w_i l_i(x)}.
     *
     * @param blocks the member classifiers (same number of classes)
     * @param weights non-negative weights summing to 1, one per block
     */
    public static AttackTarget ensemble(List<Block> blocks, float[] weights, NDManager manager) {
        Checks.notNull(blocks, "AttackTarget.ensemble", "blocks");
        Checks.notNull(weights, "AttackTarget.ensemble", "weights");
        Checks.check(!blocks.isEmpty(), "AttackTarget.ensemble", "at least one block", "none");
        Checks.check(blocks.size() == weights.length, "AttackTarget.ensemble", "one weight per block ("
                + blocks.size() + ")", weights.length + " weights");
        double sum = 0;
        for (float w : weights) {
            Checks.check(w >= 0, "AttackTarget.ensemble", "non-negative weights", w);
            sum += w;
        }
        Checks.check(Math.abs(sum - 1) < 1e-4, "AttackTarget.ensemble", "weights summing to 1", sum);
        return new AttackTarget(List.copyOf(blocks), weights.clone(), false, manager);
    }

    /** An equal-weight ensemble in inference mode. */
    public static AttackTarget ensemble(List<Block> blocks, NDManager manager) {
        float[] w = new float[blocks.size()];
        java.util.Arrays.fill(w, 1f / Math.max(1, blocks.size()));
        return ensemble(blocks, w, manager);
    }

    /** Whether the blocks run in training mode. */
    public boolean isTraining() {
        return training;
    }

    /** The member blocks. */
    public List<Block> blocks() {
        return blocks;
    }

    /**
     * The (weighted-sum) logits of a batch. Gradients flow if a collector is open; the caller owns the
     * result (it belongs to {@code x}'s manager).
     */
    public NDArray logits(NDArray x) {
        NDArray sum = null;
        for (int i = 0; i < blocks.size(); i++) {
            NDArray l = blocks.get(i).forward(parameterStore, new NDList(x), training).head();
            if (weights.length > 1 || weights[0] != 1f) {
                l = l.mul(weights[i]);
            }
            sum = sum == null ? l : sum.add(l);
        }
        return sum;
    }

    /**
     * {@code ∇_x J(transform(x), y)}, the gradient of an attack loss with respect to the input, summed
     * over the batch (so each example's gradient is its own loss's gradient).
     *
     * @param x inputs (N, ...), not modified
     * @param labels class indices (N)
     * @param loss the attack's objective J (maximised by the attacks)
     * @param transform applied to the input before the forward pass (input diversity, mixing); the
     *     gradient is taken through it; {@code null} for none
     * @return {@code ∇_x J}, same shape as {@code x}, detached, owned by {@code x}'s manager
     */
    public NDArray inputGradient(NDArray x, NDArray labels, AttackLoss loss, UnaryOperator<NDArray> transform) {
        Checks.notNull(loss, "AttackTarget.inputGradient", "loss");
        NDArray leaf = x.duplicate();
        List<Pair<NDArray, Boolean>> frozen = freezeParameters();
        try (GradientCollector gc = x.getManager().getEngine().newGradientCollector()) {
            leaf.setRequiresGradient(true);
            NDArray input = transform == null ? leaf : transform.apply(leaf);
            NDArray logits = logits(input);
            gc.backward(loss.perExample(logits, labels).sum());
            return leaf.getGradient().duplicate();
        } finally {
            restore(frozen);
            leaf.close();
        }
    }

    private List<Pair<NDArray, Boolean>> freezeParameters() {
        List<Pair<NDArray, Boolean>> state = new ArrayList<>();
        for (Block b : blocks) {
            for (Pair<String, Parameter> p : b.getParameters()) {
                Parameter param = p.getValue();
                if (!param.isInitialized()) {
                    continue;
                }
                NDArray a = param.getArray();
                boolean had = a.hasGradient();
                if (had) {
                    a.setRequiresGradient(false);
                }
                state.add(new Pair<>(a, had));
            }
        }
        return state;
    }

    private static void restore(List<Pair<NDArray, Boolean>> state) {
        for (Pair<NDArray, Boolean> s : state) {
            if (s.getValue()) {
                s.getKey().setRequiresGradient(true);
            }
        }
    }
}
