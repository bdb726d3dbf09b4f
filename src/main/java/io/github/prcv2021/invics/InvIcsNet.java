package io.github.prcv2021.invics;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.util.PairList;
import io.github.prcv2021.core.Checks;
import io.github.prcv2021.linalg.Linalg;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * InvICS, the invertible image compressive-sensing network (Sun and Zhang, PRCV 2021, Section 3): a learned
 * sampling matrix Φ ∈ R^{M×B²} (the sampling subnet, Eq. 1), the initial estimate x̂₀ = φᵀ(y) lifted to a
 * z-channel state u₀ = concat(x̂₀, P(x̂₀)) (the initialisation subnet; P is Conv3×3 → ReLU → Conv3×3 without
 * bias), and K invertible {@link InvIcsPhase}s; the reconstruction is the first channel of u_K.
 *
 * <p>{@link #forward} maps {@code {x (N, 1, H, W)}}, H and W multiples of B, to {@code {x̂_K, Φ}} (Φ for
 * {@link InvIcsLoss}'s orthogonality term). {@link #recover} and {@link #recoverInverse} expose the
 * invertible recovery subnet u₀ ↦ u_K and its inverse.
 *
 * <p>Deviations, all named: (1) training uses ordinary backpropagation, not the memory-saving MemCNN wrapper
 * (DJL has no custom autograd function), so the activation memory grows with K; (2) Φ starts with orthonormal
 * rows by default (the OPINE-Net+ code uses Xavier-normal, available as {@link PhiInit#XAVIER}) so that every
 * gradient step is well conditioned from the start (with ΦΦᵀ = I its inverse exists for every ρ ∈ (1, 2));
 * (3) the sub-network layouts and ρ*'s initial value are not given by the paper (see {@link DenseBlock},
 * {@link AdditiveAffineCoupling}); (4) the parameter holds √N·Φ (entries of order 1) so that an Adam step
 * moves Φ by a small relative amount; with Φ itself as the parameter (entries of order 1/√N ≈ 0.03) Adam at
 * 5e-4 drove ΦΦᵀ away from I within a few hundred steps and some runs diverged.
 */
public final class InvIcsNet extends AbstractBlock {

    private static final byte VERSION = 1;

    /** OPINE-Net+'s measurement counts M for 33×33 blocks, by CS ratio in percent (the paper's Table 1 ratios). */
    public static final Map<Integer, Integer> MEASUREMENTS_33 = Map.of(1, 10, 4, 43, 10, 109, 25, 272, 30, 327, 40, 436, 50, 545);

    /** How Φ is initialised. */
    public enum PhiInit {
        /** Gaussian, then its rows orthonormalised (ΦΦᵀ = I); the default. */
        ORTHONORMAL,
        /** Xavier-normal, std √(2 / (M + N)), as OPINE-Net+'s code. */
        XAVIER
    }

    private final int blockSize;
    private final int measurements;
    private final int channels;
    /** The parameter stores √N·Φ, so that its entries are O(1) and Adam's step is small relative to Φ's. */
    private final Parameter phi;
    private final float phiScale;
    private final SequentialBlock pBlock;
    private final List<InvIcsPhase> phases = new ArrayList<>();

    private InvIcsNet(Builder b) {
        super(VERSION);
        blockSize = b.blockSize;
        measurements = b.measurements;
        channels = b.channels;
        int n = blockSize * blockSize;
        Initializer init = b.phiInit == PhiInit.XAVIER
                ? new XavierInitializer(XavierInitializer.RandomType.GAUSSIAN, XavierInitializer.FactorType.AVG, 1f)
                : InvIcsNet::orthonormalRows;
        phiScale = (float) Math.sqrt(n);
        float up = phiScale;
        Initializer scaled = (manager, shape, type) -> {
            try (NDArray p = init.initialize(manager, shape, type)) {
                return p.mul(up);
            }
        };
        phi = addParameter(Parameter.builder().setName("phi").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(measurements, n)).optInitializer(scaled).build());
        int hidden = b.hidden > 0 ? b.hidden : channels;
        pBlock = addChildBlock("P", new SequentialBlock()
                .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(hidden).optBias(false).build())
                .add(Activation::relu)
                .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(channels - 1).optBias(false)
                        .build()));
        for (int k = 0; k < b.phases; k++) {
            phases.add(addChildBlock("phase" + k, new InvIcsPhase(blockSize, channels, b.denseLayers, b.denseGrowth,
                    b.residualHidden > 0 ? b.residualHidden : channels / 2, b.rhoStar)));
        }
    }

    /** A builder; {@link Builder#setMeasurements} or {@link Builder#setCsRatio} is required. */
    public static Builder builder() {
        return new Builder();
    }

    private static NDArray orthonormalRows(NDManager manager, Shape shape, DataType type) {
        try (NDArray g = manager.randomNormal(0, 1, shape, DataType.FLOAT64); Linalg.Svd svd = Linalg.svd(g);
                NDArray vt = svd.v().transpose(); NDArray q = svd.u().matMul(vt)) {
            return q.toType(type, true);
        }
    }

    /** B, the block side (33 in the paper). */
    public int blockSize() {
        return blockSize;
    }

    /** M, the measurements per block. */
    public int measurements() {
        return measurements;
    }

    /** z, the state channels. */
    public int stateChannels() {
        return channels;
    }

    /** The phases, in order. */
    public List<InvIcsPhase> phases() {
        return Collections.unmodifiableList(phases);
    }

    /**
     * Φ (M, B²), a new array in the parameter's manager that the caller must close or attach (the stored
     * parameter is √N·Φ).
     */
    public NDArray phi(ParameterStore ps, Device device, boolean training) {
        return ps.getValue(phi, device, training).div(phiScale);
    }

    /** y = φ(x), Eq. 1: (N, 1, H, W) to (N, M, H/B, W/B). */
    public NDArray measure(ParameterStore ps, NDArray x) {
        try (NDArray p = phi(ps, x.getDevice(), false)) {
            return CsOperators.sample(x, p, blockSize);
        }
    }

    /** The initial estimate x̂₀ = φᵀ(y) (PixelShuffle of the 1×1 convolution with Φᵀ). */
    public NDArray initialEstimate(ParameterStore ps, NDArray y) {
        try (NDArray p = phi(ps, y.getDevice(), false)) {
            return CsOperators.transposeSample(y, p, blockSize);
        }
    }

    /** u₀ = concat(x̂₀, P(x̂₀)), (N, z, H, W). */
    public NDArray initialState(ParameterStore ps, NDArray x0, boolean training) {
        try (NDArray p = pBlock.forward(ps, new NDList(x0), training).singletonOrThrow()) {
            return x0.concat(p, 1);
        }
    }

    /** The recovery subnet u₀ ↦ u_K (K phases). */
    public NDArray recover(ParameterStore ps, NDArray u0, NDArray y, boolean training) {
        checkState(u0, "InvIcsNet.recover");
        NDManager owner = u0.getManager();
        try (NDManager m = owner.newSubManager()) {
            NDArray p = phi(ps, u0.getDevice(), training);
            p.attach(m);
            NDArray u = u0;
            for (InvIcsPhase phase : phases) {
                u = phase.forward(ps, new NDList(u, y, p), training).singletonOrThrow();
                u.attach(m);
            }
            NDArray out = u == u0 ? u0.duplicate() : u;
            out.attach(owner);
            return out;
        }
    }

    /** The exact inverse of {@link #recover}: u_K ↦ u₀, the phases' inverses in reverse order. */
    public NDArray recoverInverse(ParameterStore ps, NDArray uK, NDArray y) {
        checkState(uK, "InvIcsNet.recoverInverse");
        NDManager owner = uK.getManager();
        try (NDManager m = owner.newSubManager()) {
            NDArray p = phi(ps, uK.getDevice(), false);
            p.attach(m);
            NDArray u = uK;
            for (int k = phases.size() - 1; k >= 0; k--) {
                u = phases.get(k).inverse(ps, new NDList(u, y, p)).singletonOrThrow();
                u.attach(m);
            }
            NDArray out = u == uK ? uK.duplicate() : u;
            out.attach(owner);
            return out;
        }
    }

    /** x̂_K from measurements y: init, K phases, first channel. */
    public NDArray reconstruct(ParameterStore ps, NDArray y) {
        try (NDManager m = y.getManager().newSubManager()) {
            NDArray x0 = initialEstimate(ps, y);
            x0.attach(m);
            NDArray u0 = initialState(ps, x0, false);
            u0.attach(m);
            NDArray uK = recover(ps, u0, y, false);
            uK.attach(m);
            NDArray out = uK.get(":, 0:1");
            out.attach(y.getManager());
            return out;
        }
    }

    /**
     * Section 4 inference on a whole image: zero-pad to multiples of B, sample, reconstruct, crop.
     *
     * @param image (N, 1, H, W), any H and W
     * @return {x̂₀ (the initial estimate), x̂_K}, both cropped to (N, 1, H, W)
     */
    public NDList reconstructImage(ParameterStore ps, NDArray image) {
        Checks.rank(image, 4, "InvIcsNet.reconstructImage", "image (N, 1, H, W)");
        Shape s = image.getShape();
        Checks.check(s.get(1) == 1, "InvIcsNet.reconstructImage", "a single-channel image (N, 1, H, W)", s);
        long hp = (s.get(2) + blockSize - 1) / blockSize * blockSize;
        long wp = (s.get(3) + blockSize - 1) / blockSize * blockSize;
        NDManager owner = image.getManager();
        try (NDManager m = owner.newSubManager()) {
            NDArray x = image;
            if (hp > s.get(2)) {
                x = x.concat(m.zeros(new Shape(s.get(0), 1, hp - s.get(2), s.get(3)), image.getDataType()), 2);
            }
            if (wp > s.get(3)) {
                x = x.concat(m.zeros(new Shape(s.get(0), 1, hp, wp - s.get(3)), image.getDataType()), 3);
            }
            NDArray y = measure(ps, x);
            y.attach(m);
            NDArray x0 = initialEstimate(ps, y);
            x0.attach(m);
            NDArray xk = reconstruct(ps, y);
            xk.attach(m);
            String crop = ":, :, 0:" + s.get(2) + ", 0:" + s.get(3);
            NDList out = new NDList(x0.get(crop), xk.get(crop));
            out.attach(owner);
            return out;
        }
    }

    private void checkState(NDArray u, String who) {
        Checks.rank(u, 4, who, "u (N, z, H, W)");
        Checks.check(u.getShape().get(1) == channels && u.getShape().get(2) % blockSize == 0
                && u.getShape().get(3) % blockSize == 0, who, "u (N, " + channels + ", H, W) with H, W multiples of " + blockSize,
                u.getShape());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        String who = "InvIcsNet.forward";
        NDArray x = inputs.head();
        Checks.rank(x, 4, who, "x (N, 1, H, W)");
        Shape s = x.getShape();
        Checks.check(s.get(1) == 1 && s.get(2) % blockSize == 0 && s.get(3) % blockSize == 0, who,
                "x (N, 1, H, W) with H, W multiples of " + blockSize, s);
        NDManager owner = x.getManager();
        NDArray p = phi(ps, x.getDevice(), training);
        p.attach(owner);
        try (NDManager m = owner.newSubManager()) {
            NDArray y = CsOperators.sample(x, p, blockSize);
            y.attach(m);
            NDArray x0 = CsOperators.transposeSample(y, p, blockSize);
            x0.attach(m);
            NDArray u0 = initialState(ps, x0, training);
            u0.attach(m);
            NDArray uK = recover(ps, u0, y, training);
            uK.attach(m);
            NDArray out = uK.get(":, 0:1");
            out.attach(owner);
            return new NDList(out, p);
        }
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape s = inputShapes[0];
        pBlock.initialize(manager, dataType, s);
        Shape state = new Shape(s.get(0), channels, s.get(2), s.get(3));
        Shape y = new Shape(s.get(0), measurements, s.get(2) / blockSize, s.get(3) / blockSize);
        Shape p = new Shape(measurements, (long) blockSize * blockSize);
        for (InvIcsPhase phase : phases) {
            phase.initialize(manager, dataType, state, y, p);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0], new Shape(measurements, (long) blockSize * blockSize)};
    }

    /** Builder of {@link InvIcsNet}. */
    public static final class Builder {
        private int blockSize = 33;
        private int measurements = -1;
        private int phases = 30;
        private int channels = 32;
        private int hidden = -1;
        private int denseLayers = 5;
        private int denseGrowth = 32;
        private int residualHidden = -1;
        private float rhoStar = 0f;
        private PhiInit phiInit = PhiInit.ORTHONORMAL;

        private Builder() {}

        /** B, the block side; default 33 (N = 1089). */
        public Builder optBlockSize(int blockSize) {
            this.blockSize = blockSize;
            return this;
        }

        /** M, the measurements per block. */
        public Builder setMeasurements(int measurements) {
            this.measurements = measurements;
            return this;
        }

        /**
         * M from a CS ratio in percent: OPINE-Net+'s table for 33×33 blocks ({@link #MEASUREMENTS_33}), else
         * round(ratio · B² / 100). Call after {@link #optBlockSize}.
         */
        public Builder setCsRatio(int percent) {
            Checks.check(percent > 0 && percent <= 100, "InvIcsNet.Builder", "a CS ratio in (0, 100] percent", percent);
            Integer m = blockSize == 33 ? MEASUREMENTS_33.get(percent) : null;
            this.measurements = m != null ? m : Math.max(1, Math.round(percent * blockSize * blockSize / 100f));
            return this;
        }

        /** K, the recovery phases; the paper's default 30. */
        public Builder optPhases(int phases) {
            this.phases = phases;
            return this;
        }

        /** z, the state channels (even); the paper's default 32. */
        public Builder optStateChannels(int channels) {
            this.channels = channels;
            return this;
        }

        /** Hidden channels of the P-block; not given by the paper, default z. */
        public Builder optPBlockHidden(int hidden) {
            this.hidden = hidden;
            return this;
        }

        /** Layers of each F_k dense block; not given by the paper, default 5. */
        public Builder optDenseLayers(int layers) {
            this.denseLayers = layers;
            return this;
        }

        /** Growth of each F_k dense block; not given by the paper, default 32. */
        public Builder optDenseGrowth(int growth) {
            this.denseGrowth = growth;
            return this;
        }

        /** Hidden channels of the residual blocks G_k, H_k; not given by the paper, default z/2. */
        public Builder optResidualHidden(int hidden) {
            this.residualHidden = hidden;
            return this;
        }

        /** ρ*'s initial value (ρ = sigmoid(ρ*) + 1); not given by the paper, default 0 (ρ = 1.5). */
        public Builder optRhoStar(float rhoStar) {
            this.rhoStar = rhoStar;
            return this;
        }

        /** Φ's initialisation; default {@link PhiInit#ORTHONORMAL}. */
        public Builder optPhiInit(PhiInit init) {
            this.phiInit = Checks.notNull(init, "InvIcsNet.Builder", "phiInit");
            return this;
        }

        /** Validates and builds. */
        public InvIcsNet build() {
            String who = "InvIcsNet.Builder";
            Checks.positive(blockSize, who, "blockSize");
            Checks.check(measurements >= 1 && measurements <= blockSize * blockSize, who,
                    "setMeasurements in [1, " + blockSize * blockSize + "] or setCsRatio", measurements);
            Checks.check(phases >= 0, who, "phases >= 0", phases);
            Checks.check(channels >= 2 && channels % 2 == 0, who, "an even number of state channels z >= 2", channels);
            Checks.positive(denseLayers, who, "denseLayers");
            Checks.positive(denseGrowth, who, "denseGrowth");
            return new InvIcsNet(this);
        }
    }
}
