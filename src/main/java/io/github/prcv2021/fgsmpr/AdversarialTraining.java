package io.github.prcv2021.fgsmpr;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import io.github.prcv2021.attacks.AttackTarget;
import io.github.prcv2021.attacks.Fgsm;
import io.github.prcv2021.attacks.Pgd;
import io.github.prcv2021.core.Checks;
import io.github.prcv2021.metrics.Classification;
import io.github.prcv2021.train.TrainingStep;
import java.util.Locale;
import java.util.Random;

/**
 * Adversarial training as a {@link TrainingStep} for the library's {@code TrainingLoop}: FGSMPR (the
 * paper's Algorithm 1) and the baselines it is compared with, on any classifier trained with a DJL
 * {@link Trainer} whose loss is softmax cross-entropy on class indices.
 *
 * <p><b>FGSMPR</b> (Algorithm 1), per batch {@code (x_i, y_i), i = 1..B}:
 * <ol>
 *   <li>{@code x_fgsm = clip_[0,1](x + α_f sign(∇_x CE(f(x), y)))} with {@code α_f = ε} (Eq. 2; see the note);
 *   <li>pick {@code m} examples (m = 1) at random and run PGD-K from the clean input, {@code δ₀ = 0},
 *       step {@code α = ε/K}, K = 3 (Eq. 3, lines 7-10);
 *   <li>{@code total = (1/B) Σ CE(f(x_fgsm_i), y_i) + λ (1/m) Σ_j ‖f(x_fgsm_j) − f(x_pgd_j)‖₂} (Eq. 5,
 *       lines 5, 12-13), with the logits of both adversarial inputs computed in one forward pass of
 *       the B + m inputs and the gradient flowing through both;
 *   <li>one optimizer step.
 * </ol>
 * Adversarial inputs are constants of the update (generated in their own closed gradient collectors,
 * with the network in training mode, as the reference adversarial-training code does).
 *
 * <p>Note on the FGSM step: Algorithm 1 line 4 prints the step as α (= ε/K), but Eq. 2, the method's
 * name and the clean accuracy the paper reports all indicate a full ε step; {@code α_f = ε} is the
 * default and {@link Builder#optFgsmStep} changes it.
 *
 * <p>Baselines with the same API: {@link Method#STANDARD} (clean training), {@link Method#FGSM} (FGSM AT,
 * zero init, step ε), {@link Method#FAST_FGSM} (Wong et al. 2020: uniform init, step 1.25ε),
 * {@link Method#PGD} (Madry et al.: PGD-K from a random start; MNIST uses K = 40, step 0.01).
 * The paper's FREE and GradAlign baselines are not provided (GradAlign needs double back-propagation,
 * which DJL's gradient collector does not expose).
 */
public final class AdversarialTraining implements TrainingStep {

    /** The training methods. */
    public enum Method {
        /** Training on clean inputs. */
        STANDARD,
        /** FGSM adversarial training: zero init, step ε. */
        FGSM,
        /** FAST-FGSM adversarial training: uniform random init, step 1.25ε. */
        FAST_FGSM,
        /** PGD-K adversarial training from a random start. */
        PGD,
        /** FGSM adversarial training with the PGD regulariser (the paper's method). */
        FGSMPR;

        /** Parses a name such as {@code fgsmpr}, {@code fast-fgsm} or {@code PGD}. */
        public static Method parse(String name) {
            String n = name.trim().toUpperCase(Locale.ROOT).replace('-', '_');
            for (Method m : values()) {
                if (m.name().equals(n)) {
                    return m;
                }
            }
            throw new IllegalArgumentException("method expects one of standard, fgsm, fast_fgsm, pgd, fgsmpr, got "
                    + name);
        }
    }

    private final Method method;
    private final float epsilon;
    private final Fgsm fgsm;
    private final Pgd pgd;
    private final float lambda;
    private final int pairedExamples;
    private final LogitPairingLoss pairing;
    private final Random random;
    private double lastRegulariser = Double.NaN;

    private AdversarialTraining(Builder b) {
        this.method = b.method;
        this.epsilon = b.epsilon;
        this.lambda = (float) Checks.nonNegative(b.lambda, "AdversarialTraining", "lambda");
        this.pairedExamples = Checks.positive(b.pairedExamples, "AdversarialTraining", "pgdExamples (m)");
        this.pairing = new LogitPairingLoss("logit_pairing", b.squaredPairing);
        this.random = new Random(b.seed);
        switch (method) {
            case FAST_FGSM:
                fgsm = Fgsm.fast(epsilon);
                pgd = null;
                break;
            case PGD:
                fgsm = null;
                pgd = Pgd.builder().setEpsilon(epsilon).setSteps(b.pgdSteps)
                        .optStep(b.pgdStep == null ? 2.5f * epsilon / b.pgdSteps : b.pgdStep)
                        .optRandomStart(b.pgdRandomStart == null || b.pgdRandomStart).build();
                break;
            case FGSM:
            case FGSMPR:
                fgsm = Fgsm.builder().setEpsilon(epsilon).optStep(b.fgsmStep == null ? epsilon : b.fgsmStep).build();
                pgd = method == Method.FGSM ? null : Pgd.builder().setEpsilon(epsilon).setSteps(b.pgdSteps)
                        .optStep(b.pgdStep == null ? epsilon / b.pgdSteps : b.pgdStep)
                        .optRandomStart(b.pgdRandomStart != null && b.pgdRandomStart).build();
                break;
            default:
                fgsm = null;
                pgd = null;
        }
    }

    /** A builder; {@code setMethod} and {@code setEpsilon} are required (ε is ignored by STANDARD). */
    public static Builder builder() {
        return new Builder();
    }

    /** FGSMPR with the paper's MNIST settings for ε: K = 3, α = ε/K, m = 1, λ = 0.1. */
    public static AdversarialTraining fgsmpr(float epsilon) {
        return builder().setMethod(Method.FGSMPR).setEpsilon(epsilon).build();
    }

    /** The method. */
    public Method getMethod() {
        return method;
    }

    /** The FGSM attack used to train (FGSM, FAST_FGSM, FGSMPR), or null. */
    public Fgsm getFgsm() {
        return fgsm;
    }

    /** The PGD attack used to train (PGD) or to regularise (FGSMPR), or null. */
    public Pgd getPgd() {
        return pgd;
    }

    /** λ, the weight of the regulariser. */
    public float getLambda() {
        return lambda;
    }

    /** The regulariser's value (before λ) at the last FGSMPR step, NaN before the first. */
    public double lastRegulariser() {
        return lastRegulariser;
    }

    @Override
    public StepResult step(Trainer trainer, Batch batch) {
        NDArray x = batch.getData().head();
        NDArray y = batch.getLabels().head();
        long n = x.getShape().get(0);
        AttackTarget target = AttackTarget.training(trainer);
        NDArray input;
        NDArray pgdInput = null;
        NDArray picked = null;
        switch (method) {
            case STANDARD:
                input = x;
                break;
            case FGSM:
            case FAST_FGSM:
                input = fgsm.perturb(target, x, y);
                break;
            case PGD:
                input = pgd.perturb(target, x, y);
                break;
            case FGSMPR:
                input = fgsm.perturb(target, x, y);
                picked = x.getManager().create(pick((int) n)).toType(ai.djl.ndarray.types.DataType.INT64, false);
                pgdInput = pgd.perturb(target, x.get(new NDIndex("{}", picked)), y.get(new NDIndex("{}", picked)));
                break;
            default:
                throw new IllegalStateException("unknown method " + method);
        }
        double lossValue;
        long correct;
        try (GradientCollector gc = trainer.newGradientCollector()) {
            NDArray all = pgdInput == null ? input : NDArrays.concat(new NDList(input, pgdInput));
            NDArray logits = trainer.forward(new NDList(all)).head();
            NDArray main = pgdInput == null ? logits : logits.get(new NDIndex("0:{}", n));
            NDArray ce = trainer.getLoss().evaluate(new NDList(y), new NDList(main));
            NDArray total = ce;
            if (pgdInput != null) {
                NDArray fgsmLogits = main.get(new NDIndex("{}", picked));
                NDArray pgdLogits = logits.get(new NDIndex("{}:", n));
                NDArray reg = pairing.pairing(fgsmLogits, pgdLogits);
                lastRegulariser = reg.getFloat();
                total = ce.add(reg.mul(lambda));
            }
            gc.backward(total);
            lossValue = total.getFloat() * n;
            correct = Classification.correct(main, y);
        }
        trainer.step();
        return new StepResult(lossValue, correct, n);
    }

    /** m distinct random indices in [0, n). */
    private int[] pick(int n) {
        int m = Math.min(pairedExamples, n);
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        for (int i = 0; i < m; i++) {
            int j = i + random.nextInt(n - i);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        return java.util.Arrays.copyOf(perm, m);
    }

    /** Builder of {@link AdversarialTraining}; defaults are the paper's (MNIST). */
    public static final class Builder {
        Method method;
        float epsilon = Float.NaN;
        Float fgsmStep;
        int pgdSteps = 3;
        Float pgdStep;
        Boolean pgdRandomStart;
        double lambda = 0.1;
        int pairedExamples = 1;
        boolean squaredPairing;
        long seed = 42;

        /** The training method (required). */
        public Builder setMethod(Method method) {
            this.method = Checks.notNull(method, "AdversarialTraining", "method");
            return this;
        }

        /** The L∞ radius ε (required for the adversarial methods; 0.3 on MNIST, 8/255 on CIFAR-10). */
        public Builder setEpsilon(float epsilon) {
            this.epsilon = epsilon;
            return this;
        }

        /** The FGSM step of FGSM and FGSMPR; default ε (Eq. 2). */
        public Builder optFgsmStep(float step) {
            this.fgsmStep = step;
            return this;
        }

        /** K, the PGD steps: FGSMPR's regulariser (default 3) or PGD AT (MNIST: 40). */
        public Builder optPgdSteps(int steps) {
            this.pgdSteps = steps;
            return this;
        }

        /** The PGD step; default ε/K for FGSMPR and 2.5ε/K for PGD AT (MNIST PGD-40 AT: 0.01). */
        public Builder optPgdStep(float step) {
            this.pgdStep = step;
            return this;
        }

        /** Whether PGD starts at a random point; default false for FGSMPR (Algorithm 1), true for PGD AT. */
        public Builder optPgdRandomStart(boolean randomStart) {
            this.pgdRandomStart = randomStart;
            return this;
        }

        /** λ, the regulariser's weight; default 0.1 (MNIST; 0.5 on CIFAR-10). */
        public Builder optLambda(double lambda) {
            this.lambda = lambda;
            return this;
        }

        /** m, the examples per batch that get a PGD partner; default 1. */
        public Builder optPgdExamples(int m) {
            this.pairedExamples = m;
            return this;
        }

        /** Use the squared norm in the regulariser; default false (the paper's L2 norm). */
        public Builder optSquaredPairing(boolean squared) {
            this.squaredPairing = squared;
            return this;
        }

        /** Seed of the choice of the m paired examples; default 42. */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Builds the step. */
        public AdversarialTraining build() {
            Checks.check(method != null, "AdversarialTraining", "setMethod(...) to be called", "no method");
            if (method != Method.STANDARD) {
                Checks.check(epsilon > 0, "AdversarialTraining", "setEpsilon(ε) with ε > 0", epsilon);
            }
            Checks.positive(pgdSteps, "AdversarialTraining", "pgdSteps");
            return new AdversarialTraining(this);
        }
    }
}
