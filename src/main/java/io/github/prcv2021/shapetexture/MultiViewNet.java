package io.github.prcv2021.shapetexture;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;
import io.github.prcv2021.core.Checks;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The multi-view image representation of the paper (Fig. 3): a frozen pretrained CNN, a shape view
 * (Eq. 2, {@link ShapeEncoder}), a texture view (Eq. 3, {@link TextureEncoder}) and an optional
 * background view (Eq. 1), one classifier per view, their learned convex combination (Eq. 5) and the
 * reconstruction decoder G (Eq. 6, {@link AdaInDecoder}).
 *
 * <p><b>Input</b>: {@code NDList{image (N, C, H, W)}}, or {@code NDList{image, alpha (N, 1, H, W)}} with
 * a foreground matte in [0, 1] when the background view is enabled; the shape and texture views then see
 * the foreground {@code image * alpha} and the background encoder sees {@code image * (1 - alpha)}. The
 * paper's Deep Image Matting encoder (with trimaps) is not available offline, so the background encoder
 * and the matte are the caller's ({@link Builder#optBackground(Block)}); MNIST and Fashion-MNIST, as
 * in the paper's Table 1, have no background view.
 *
 * <p><b>Output</b>: {@code NDList{mixture (N, K), p_s (N, K), p_t (N, K), reconstruction (N, C, H, W),
 * z_s (N, D), z_t (N, D)}} followed by {@code p_b, z_b} with a background view. {@code mixture} is
 * {@code sum_v w_v p_v} (Eq. 5), whose argmax is the prediction; {@code p_v} are each view's class
 * probabilities (FC + softmax); {@code z_v} are the views' codes projected to a common length D for the
 * cosine discrepancy of Eq. 7.
 *
 * <p><b>Choices where the paper is silent</b> (each a builder option): the weights are
 * {@code w = softmax(a)} with learned logits {@code a} initialised to 0 (so {@code w} starts uniform,
 * is positive and sums to 1, Eq. 5's constraint); the shape code is classified and projected flattened
 * (its instance normalisation leaves a zero global average, so pooling it would erase it); the shape map
 * is the shape tap max-pooled to the smallest tap's size (the backbone's own pooling); the projections
 * to D are fixed random linear maps by default, so that the cosine term must move the codes apart
 * rather than learn projections that make any codes orthogonal; the backbone runs in inference mode
 * with frozen parameters, as the paper fixes VGG-16's.
 *
 * <p><b>Saving and loading</b>: some layers are sized from the backbone's outputs when the network is
 * initialised, so a network is loaded by building it the same way, initialising it for the input shape
 * and then calling {@code Model.load} ({@code MultiViewNetTest.savedAndLoadedNetworkGivesTheSameOutputs}).
 */
public final class MultiViewNet extends AbstractBlock {

    private static final byte VERSION = 1;

    /** The views, in the order of {@link #viewWeights()}. */
    public enum View {
        /** Background (Eq. 1), only with a matte. */
        BACKGROUND,
        /** Shape (Eq. 2). */
        SHAPE,
        /** Texture (Eq. 3). */
        TEXTURE
    }

    /** Output index of the mixture {@code sum_v w_v p_v} (Eq. 5). */
    public static final int MIXTURE = 0;
    /** Output index of the shape view's class probabilities. */
    public static final int P_SHAPE = 1;
    /** Output index of the texture view's class probabilities. */
    public static final int P_TEXTURE = 2;
    /** Output index of the decoder's reconstruction {@code G(B, F^S, F^T)} (Eq. 6). */
    public static final int RECONSTRUCTION = 3;
    /** Output index of the projected shape code (Eq. 7). */
    public static final int Z_SHAPE = 4;
    /** Output index of the projected texture code (Eq. 7). */
    public static final int Z_TEXTURE = 5;
    /** Output index of the background view's class probabilities (background view only). */
    public static final int P_BACKGROUND = 6;
    /** Output index of the projected background code (background view only). */
    public static final int Z_BACKGROUND = 7;

    private final Block backbone;
    private final int shapeTap;
    private final int[] textureTaps;
    private final boolean trainBackbone;
    private final ShapeEncoder shapeEncoder;
    private final TextureEncoder textureEncoder;
    private final Block backgroundEncoder;
    private final AdaInDecoder decoder;
    private final Linear shapeHead;
    private final Linear textureHead;
    private final Linear backgroundHead;
    private final Linear shapeProjection;
    private final Linear textureProjection;
    private final Linear backgroundProjection;
    private final boolean trainableProjections;
    private final Parameter viewLogits;
    private final List<View> views;
    private float[] override;

    private MultiViewNet(Builder b) {
        super(VERSION);
        this.backbone = addChildBlock("backbone", b.backbone);
        this.shapeTap = b.shapeTap;
        this.textureTaps = b.textureTaps.clone();
        this.trainBackbone = b.trainBackbone;
        if (!trainBackbone) {
            backbone.freezeParameters(true);
        }
        this.shapeEncoder = addChildBlock("shapeEncoder", ShapeEncoder.builder().optNumBlocks(b.shapeBlocks).build());
        this.textureEncoder = addChildBlock("textureEncoder", TextureEncoder.builder().setNumLayers(textureTaps.length)
                .optChannels(b.textureChannels).optCodeDim(b.textureCodeDim).optRelu(b.textureRelu).build());
        this.backgroundEncoder = b.background == null ? null : addChildBlock("backgroundEncoder", b.background);
        this.decoder = addChildBlock("decoder", AdaInDecoder.builder().setUpsamplings(b.upsamplings)
                .setImageChannels(b.imageChannels).optNumBlocks(b.decoderBlocks).optMlpHidden(b.mlpHidden).build());
        this.shapeHead = addChildBlock("shapeClassifier", Linear.builder().setUnits(b.numClasses).build());
        this.textureHead = addChildBlock("textureClassifier", Linear.builder().setUnits(b.numClasses).build());
        this.backgroundHead = b.background == null ? null
                : addChildBlock("backgroundClassifier", Linear.builder().setUnits(b.numClasses).build());
        this.shapeProjection = addChildBlock("shapeProjection", Linear.builder().setUnits(b.discrepancyDim).optBias(false).build());
        this.textureProjection = addChildBlock("textureProjection", Linear.builder().setUnits(b.discrepancyDim).optBias(false).build());
        this.backgroundProjection = b.background == null ? null
                : addChildBlock("backgroundProjection", Linear.builder().setUnits(b.discrepancyDim).optBias(false).build());
        this.trainableProjections = b.trainableProjections;
        if (!trainableProjections) {
            shapeProjection.freezeParameters(true);
            textureProjection.freezeParameters(true);
            if (backgroundProjection != null) {
                backgroundProjection.freezeParameters(true);
            }
        }
        this.views = b.background == null ? List.of(View.SHAPE, View.TEXTURE)
                : List.of(View.BACKGROUND, View.SHAPE, View.TEXTURE);
        this.viewLogits = addParameter(Parameter.builder().setName("viewLogits").setType(Parameter.Type.OTHER)
                .optShape(new Shape(views.size())).optInitializer(Initializer.ZEROS).build());
    }

    /** A builder; {@code setBackbone}, {@code setNumClasses}, {@code setImageChannels} and {@code setUpsamplings} are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** The views in the order of {@link #viewWeights()}: {@code (shape, texture)} or {@code (background, shape, texture)}. */
    public List<View> views() {
        return views;
    }

    /** The frozen backbone. */
    public Block backbone() {
        return backbone;
    }

    /** The learned view logits {@code a}. */
    public Parameter viewLogits() {
        return viewLogits;
    }

    /**
     * The learned contribution weights {@code w = softmax(a)} (Eq. 5, the paper's Table 1), in the order
     * of {@link #views()}; positive and summing to 1. Ignores {@link #overrideViewWeights}.
     */
    public float[] viewWeights() {
        Checks.check(viewLogits.isInitialized(), "MultiViewNet.viewWeights", "an initialised network", "uninitialised");
        float[] a = viewLogits.getArray().toFloatArray();
        double max = Double.NEGATIVE_INFINITY;
        for (float v : a) {
            max = Math.max(max, v);
        }
        double sum = 0;
        double[] e = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            e[i] = Math.exp(a[i] - max);
            sum += e[i];
        }
        float[] w = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            w[i] = (float) (e[i] / sum);
        }
        return w;
    }

    /** The learned weight of one view. */
    public float viewWeight(View view) {
        int i = views.indexOf(view);
        Checks.check(i >= 0, "MultiViewNet.viewWeight", "one of " + views, view);
        return viewWeights()[i];
    }

    /**
     * Replaces the learned weights in the forward pass by fixed ones, for the paper's "single variable
     * changing" analysis (Sect. 4.3, Fig. 5), where one weight varies and the others stay, so that they no
     * longer sum to 1. {@code null} restores the learned weights.
     *
     * @param weights one non-negative weight per view, in the order of {@link #views()}, or null
     */
    public void overrideViewWeights(float... weights) {
        if (weights != null) {
            Checks.check(weights.length == views.size(), "MultiViewNet.overrideViewWeights", views.size() + " weights",
                    weights.length);
            for (float w : weights) {
                Checks.nonNegative(w, "MultiViewNet.overrideViewWeights", "every weight");
            }
            override = weights.clone();
        } else {
            override = null;
        }
    }

    /** Eq. 5: the convex combination {@code sum_v w_v p_v} of the views' class probabilities. */
    public static NDArray mixture(NDArray weights, List<NDArray> probabilities) {
        Checks.check(weights.getShape().dimension() == 1 && weights.getShape().get(0) == probabilities.size(),
                "MultiViewNet.mixture", probabilities.size() + " weights", weights.getShape());
        NDArray sum = null;
        for (int v = 0; v < probabilities.size(); v++) {
            NDArray term = probabilities.get(v).mul(weights.get(v));
            sum = sum == null ? term : sum.add(term);
        }
        return sum;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        String who = "MultiViewNet";
        NDArray image = inputs.get(0);
        Checks.rank(image, 4, who, "images (N, C, H, W)");
        NDArray foreground = image;
        NDArray backgroundImage = null;
        if (backgroundEncoder != null) {
            Checks.check(inputs.size() == 2, who, "NDList{image, alpha} with a background view", inputs.size() + " arrays");
            NDArray alpha = inputs.get(1);
            Checks.check(alpha.getShape().equals(new Shape(image.getShape().get(0), 1, image.getShape().get(2),
                    image.getShape().get(3))), who, "alpha of shape (N, 1, H, W)", alpha.getShape());
            foreground = image.mul(alpha);
            backgroundImage = image.mul(alpha.neg().add(1f));
        } else {
            Checks.check(inputs.size() == 1, who, "NDList{image} without a background view", inputs.size() + " arrays");
        }
        NDList taps = backbone.forward(store, new NDList(foreground), training && trainBackbone, params);
        Checks.check(taps.size() > Math.max(shapeTap, Arrays.stream(textureTaps).max().getAsInt()), who,
                "a backbone with at least " + (Math.max(shapeTap, Arrays.stream(textureTaps).max().getAsInt()) + 1) + " outputs",
                taps.size());
        long size = commonSize(Arrays.stream(taps.getShapes()).toArray(Shape[]::new));
        NDArray shapeMap = resize(taps.get(shapeTap), size);
        NDArray shapeCode = shapeEncoder.forward(store, new NDList(shapeMap), training, params).singletonOrThrow();
        NDList textureMaps = new NDList();
        for (int t : textureTaps) {
            textureMaps.add(taps.get(t));
        }
        NDArray textureCode = textureEncoder.forward(store, textureMaps, training, params).singletonOrThrow();
        NDArray shapeFlat = shapeCode.reshape(shapeCode.getShape().get(0), -1);
        List<NDArray> probs = new ArrayList<>();
        NDArray pB = null;
        NDArray backgroundCode = null;
        if (backgroundEncoder != null) {
            backgroundCode = backgroundEncoder.forward(store, new NDList(backgroundImage), training, params).singletonOrThrow();
            pB = backgroundHead.forward(store, new NDList(backgroundCode), training, params).singletonOrThrow().softmax(1);
            probs.add(pB);
        }
        NDArray pS = shapeHead.forward(store, new NDList(shapeFlat), training, params).singletonOrThrow().softmax(1);
        NDArray pT = textureHead.forward(store, new NDList(textureCode), training, params).singletonOrThrow().softmax(1);
        probs.add(pS);
        probs.add(pT);
        NDArray w;
        if (override != null) {
            w = image.getManager().create(override);
        } else {
            // softmax(a) is created on the parameter's manager: move it to the input's, which the caller closes
            w = store.getValue(viewLogits, image.getDevice(), training).softmax(0);
            w.attach(image.getManager());
        }
        NDArray mixture = mixture(w, probs);
        NDList decoderIn = backgroundCode == null ? new NDList(shapeCode, textureCode)
                : new NDList(shapeCode, textureCode, backgroundCode);
        NDArray reconstruction = decoder.forward(store, decoderIn, training, params).singletonOrThrow();
        NDArray zS = shapeProjection.forward(store, new NDList(shapeFlat), training, params).singletonOrThrow();
        NDArray zT = textureProjection.forward(store, new NDList(textureCode), training, params).singletonOrThrow();
        NDList out = new NDList(mixture, pS, pT, reconstruction, zS, zT);
        if (backgroundEncoder != null) {
            out.add(pB);
            out.add(backgroundProjection.forward(store, new NDList(backgroundCode), training, params).singletonOrThrow());
        }
        return out;
    }

    private static long commonSize(Shape[] taps) {
        long size = Long.MAX_VALUE;
        for (Shape s : taps) {
            size = Math.min(size, s.get(2));
        }
        return size;
    }

    private static NDArray resize(NDArray map, long size) {
        long h = map.getShape().get(2);
        if (h == size) {
            return map;
        }
        Checks.check(h % size == 0, "MultiViewNet", "a shape tap whose size is a multiple of " + size, h);
        long f = h / size;
        return Pool.maxPool2d(map, new Shape(f, f), new Shape(f, f), new Shape(0, 0), false);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape image = inputShapes[0];
        long n = image.get(0);
        backbone.initialize(manager, dataType, image);
        Shape[] taps = backbone.getOutputShapes(new Shape[] {image});
        long size = commonSize(taps);
        Shape shapeMap = new Shape(n, taps[shapeTap].get(1), size, size);
        shapeEncoder.initialize(manager, dataType, shapeMap);
        Shape[] textureShapes = new Shape[textureTaps.length];
        for (int i = 0; i < textureTaps.length; i++) {
            textureShapes[i] = taps[textureTaps[i]];
        }
        textureEncoder.initialize(manager, dataType, textureShapes);
        Shape textureCode = textureEncoder.getOutputShapes(textureShapes)[0];
        Shape flat = new Shape(n, shapeMap.get(1) * size * size);
        shapeHead.initialize(manager, dataType, flat);
        textureHead.initialize(manager, dataType, textureCode);
        shapeProjection.initialize(manager, dataType, flat);
        textureProjection.initialize(manager, dataType, textureCode);
        if (backgroundEncoder != null) {
            backgroundEncoder.initialize(manager, dataType, image);
            Shape bg = backgroundEncoder.getOutputShapes(new Shape[] {image})[0];
            backgroundHead.initialize(manager, dataType, bg);
            backgroundProjection.initialize(manager, dataType, bg);
            decoder.initialize(manager, dataType, shapeMap, textureCode, bg);
        } else {
            decoder.initialize(manager, dataType, shapeMap, textureCode);
        }
        if (!trainableProjections) {
            shapeProjection.freezeParameters(true);
            textureProjection.freezeParameters(true);
            if (backgroundProjection != null) {
                backgroundProjection.freezeParameters(true);
            }
        }
        if (!trainBackbone) {
            backbone.freezeParameters(true);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape image = inputShapes[0];
        long n = image.get(0);
        long k = shapeHead.getOutputShapes(new Shape[] {new Shape(n, 1)})[0].get(1);
        Shape[] taps = backbone.getOutputShapes(new Shape[] {image});
        long size = commonSize(taps);
        Shape shapeMap = new Shape(n, taps[shapeTap].get(1), size, size);
        Shape probs = new Shape(n, k);
        Shape recon = decoder.getOutputShapes(new Shape[] {shapeMap})[0];
        long d = shapeProjection.getOutputShapes(new Shape[] {new Shape(n, 1)})[0].get(1);
        Shape z = new Shape(n, d);
        if (backgroundEncoder == null) {
            return new Shape[] {probs, probs, probs, recon, z, z};
        }
        return new Shape[] {probs, probs, probs, recon, z, z, probs, z};
    }

    /** Builder for {@link MultiViewNet}. */
    public static final class Builder {
        private Block backbone;
        private int shapeTap = -1;
        private int[] textureTaps;
        private boolean trainBackbone;
        private int numClasses;
        private int imageChannels;
        private int upsamplings = -1;
        private int shapeBlocks = 4;
        private int textureChannels = 64;
        private int textureCodeDim = 8;
        private boolean textureRelu = true;
        private int decoderBlocks = 2;
        private int mlpHidden = 64;
        private int discrepancyDim = 256;
        private boolean trainableProjections;
        private Block background;

        private Builder() {}

        /**
         * The pretrained CNN and which of its outputs feed the views (the paper: VGG-16-BN, conv4_2 for
         * shape, several layers for texture).
         *
         * @param backbone a block whose forward returns a list of {@code (N, C, H, W)} maps, e.g. {@link StagedCnn}
         * @param shapeTap the output index of {@code S^l} (Eq. 2)
         * @param textureTaps the output indices of the {@code T^l} (Eq. 3)
         */
        public Builder setBackbone(Block backbone, int shapeTap, int... textureTaps) {
            String who = "MultiViewNet";
            this.backbone = Checks.notNull(backbone, who, "a backbone");
            Checks.check(shapeTap >= 0, who, "a shape tap index >= 0", shapeTap);
            Checks.check(textureTaps != null && textureTaps.length > 0, who, "at least one texture tap",
                    textureTaps == null ? "null" : Arrays.toString(textureTaps));
            for (int t : textureTaps) {
                Checks.check(t >= 0, who, "texture tap indices >= 0", Arrays.toString(textureTaps));
            }
            this.shapeTap = shapeTap;
            this.textureTaps = textureTaps.clone();
            return this;
        }

        /** Let the backbone train (default false: frozen, as in the paper). */
        public Builder optTrainBackbone(boolean train) {
            this.trainBackbone = train;
            return this;
        }

        /** The number of classes K. */
        public Builder setNumClasses(int numClasses) {
            this.numClasses = Checks.positive(numClasses, "MultiViewNet", "numClasses");
            return this;
        }

        /** The image channels the decoder rebuilds. */
        public Builder setImageChannels(int imageChannels) {
            this.imageChannels = Checks.positive(imageChannels, "MultiViewNet", "imageChannels");
            return this;
        }

        /** The decoder's x2 upsamplings from the shape code to the image (2 for 7x7 codes of 28x28 images). */
        public Builder setUpsamplings(int upsamplings) {
            this.upsamplings = (int) Checks.nonNegative(upsamplings, "MultiViewNet", "upsamplings");
            return this;
        }

        /** Residual blocks of the shape encoder (default 4, Sect. 4.2). */
        public Builder optShapeBlocks(int blocks) {
            this.shapeBlocks = (int) Checks.nonNegative(blocks, "MultiViewNet", "shapeBlocks");
            return this;
        }

        /** Channels after the texture encoder's reshape layer (not specified; default 64). */
        public Builder optTextureChannels(int channels) {
            this.textureChannels = Checks.positive(channels, "MultiViewNet", "textureChannels");
            return this;
        }

        /** Length of the texture code (not specified; default 8, MUNIT's style code). */
        public Builder optTextureCodeDim(int dim) {
            this.textureCodeDim = Checks.positive(dim, "MultiViewNet", "textureCodeDim");
            return this;
        }

        /** A ReLU in the texture encoder before pooling (default true; see {@link TextureEncoder}). */
        public Builder optTextureRelu(boolean relu) {
            this.textureRelu = relu;
            return this;
        }

        /** AdaIN residual blocks of the decoder (not specified; default 2, MUNIT 4). */
        public Builder optDecoderBlocks(int blocks) {
            this.decoderBlocks = Checks.positive(blocks, "MultiViewNet", "decoderBlocks");
            return this;
        }

        /** Hidden units of the decoder's MLP (not specified; default 64, MUNIT 256). */
        public Builder optMlpHidden(int units) {
            this.mlpHidden = Checks.positive(units, "MultiViewNet", "mlpHidden");
            return this;
        }

        /** The common length D of the codes compared by Eq. 7 (not specified; default 256). */
        public Builder optDiscrepancyDim(int dim) {
            this.discrepancyDim = Checks.positive(dim, "MultiViewNet", "discrepancyDim");
            return this;
        }

        /** Learn the projections to D (default false: fixed random projections). */
        public Builder optTrainableProjections(boolean trainable) {
            this.trainableProjections = trainable;
            return this;
        }

        /**
         * Enables the background view (Eq. 1): the encoder maps the background image {@code x (1 - alpha)}
         * to a code {@code (N, d_B)}; inputs are then {@code NDList{image, alpha}}.
         *
         * @param encoder the background encoder (the paper: Deep Image Matting's encoder)
         */
        public Builder optBackground(Block encoder) {
            this.background = Checks.notNull(encoder, "MultiViewNet", "a background encoder");
            return this;
        }

        /** Builds the network. */
        public MultiViewNet build() {
            String who = "MultiViewNet";
            Checks.check(backbone != null, who, "setBackbone(...)", "no backbone");
            Checks.check(numClasses > 0, who, "setNumClasses(k)", "unset");
            Checks.check(imageChannels > 0, who, "setImageChannels(c)", "unset");
            Checks.check(upsamplings >= 0, who, "setUpsamplings(u)", "unset");
            return new MultiViewNet(this);
        }
    }
}
