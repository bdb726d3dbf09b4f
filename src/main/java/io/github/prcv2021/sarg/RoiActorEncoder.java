package io.github.prcv2021.sarg;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.github.prcv2021.core.Checks;

/**
 * Actor features from frames and boxes (the paper's Sect. 3.1, after ARG): an optional backbone gives a
 * feature map (B, C, H, W); every actor box is cropped to K×K by RoIAlign with one bilinear sample at the
 * centre of each bin (torchvision's {@code roi_align(aligned=True, sampling_ratio=1)}); the crop is
 * flattened (K·K·C, in (row, column, channel) order) and embedded by {@code ReLU(LN(FC(.)))} to d.
 *
 * <p>The bilinear sampling is one matrix per image, (N·K·K) × (H·W) with four non-zeros per row, built from
 * the boxes (which carry no gradient) and multiplied with the feature map; gradients reach the map and the
 * backbone. Input {@code NDList(frames or feature maps (B, C, H, W), boxes (B, N, 4))}, boxes as
 * {@code (x1, y1, x2, y2)} normalised to [0, 1]; output X (B, N, d).
 */
public final class RoiActorEncoder extends AbstractBlock {

    private static final byte VERSION = 1;

    private final Block backbone;
    private final int cropSize;
    private final int embedding;
    private final Linear fc;
    private final LayerNorm norm;

    private RoiActorEncoder(Builder b) {
        super(VERSION);
        cropSize = b.cropSize;
        embedding = b.embedding;
        backbone = b.backbone == null ? null : addChildBlock("backbone", b.backbone);
        fc = addChildBlock("fc", Linear.builder().setUnits(embedding).build());
        norm = addChildBlock("norm", LayerNorm.builder().axis(2).build());
    }

    /** A builder. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * RoIAlign: K×K bilinear crops of {@code maps} (B, C, H, W) at {@code boxes} (B, N, 4, normalised
     * x1, y1, x2, y2), one sample per bin centre; returns (B, N, K·K·C).
     */
    public static NDArray roiAlign(NDArray maps, NDArray boxes, int cropSize) {
        Checks.rank(maps, 4, "RoiActorEncoder.roiAlign", "feature maps (B, C, H, W)");
        Checks.check(boxes.getShape().dimension() == 3 && boxes.getShape().get(0) == maps.getShape().get(0)
                && boxes.getShape().get(2) == 4, "RoiActorEncoder.roiAlign", "boxes (" + maps.getShape().get(0) + ", N, 4)",
                boxes.getShape());
        int b = (int) maps.getShape().get(0);
        int c = (int) maps.getShape().get(1);
        int h = (int) maps.getShape().get(2);
        int w = (int) maps.getShape().get(3);
        int n = (int) boxes.getShape().get(1);
        int k = cropSize;
        float[] bx = boxes.toType(DataType.FLOAT32, false).toFloatArray();
        int rows = n * k * k;
        float[] interp = new float[b * rows * h * w];
        for (int i = 0; i < b; i++) {
            for (int a = 0; a < n; a++) {
                int o = (i * n + a) * 4;
                double x1 = bx[o] * w;
                double y1 = bx[o + 1] * h;
                double x2 = bx[o + 2] * w;
                double y2 = bx[o + 3] * h;
                for (int u = 0; u < k; u++) {
                    for (int v = 0; v < k; v++) {
                        double y = y1 + (u + 0.5) * (y2 - y1) / k - 0.5;
                        double x = x1 + (v + 0.5) * (x2 - x1) / k - 0.5;
                        y = Math.min(Math.max(y, 0), h - 1);
                        x = Math.min(Math.max(x, 0), w - 1);
                        int y0 = (int) Math.floor(y);
                        int x0 = (int) Math.floor(x);
                        int yb = Math.min(y0 + 1, h - 1);
                        int xb = Math.min(x0 + 1, w - 1);
                        double ly = y - y0;
                        double lx = x - x0;
                        long base = ((long) i * rows + (a * k + u) * k + v) * h * w;
                        interp[(int) (base + y0 * w + x0)] += (float) ((1 - ly) * (1 - lx));
                        interp[(int) (base + y0 * w + xb)] += (float) ((1 - ly) * lx);
                        interp[(int) (base + yb * w + x0)] += (float) (ly * (1 - lx));
                        interp[(int) (base + yb * w + xb)] += (float) (ly * lx);
                    }
                }
            }
        }
        NDArray m = maps.getManager().create(interp, new Shape(b, rows, (long) h * w)).toType(maps.getDataType(), false);
        NDArray flat = maps.reshape(b, c, (long) h * w).transpose(0, 2, 1);
        return m.batchMatMul(flat).reshape(b, n, (long) k * k * c);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        Checks.check(inputs.size() == 2, "RoiActorEncoder", "NDList(frames (B, C, H, W), boxes (B, N, 4))",
                inputs.size() + " arrays");
        NDArray maps = backbone == null ? inputs.get(0)
                : backbone.forward(ps, new NDList(inputs.get(0)), training).singletonOrThrow();
        NDArray crops = roiAlign(maps, inputs.get(1), cropSize);
        NDArray e = fc.forward(ps, new NDList(crops), training).singletonOrThrow();
        return new NDList(Activation.relu(norm.forward(ps, new NDList(e), training).singletonOrThrow()));
    }

    private Shape mapShape(Shape input) {
        return backbone == null ? input : backbone.getOutputShapes(new Shape[] {input})[0];
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape boxes = inputShapes[1];
        return new Shape[] {new Shape(boxes.get(0), boxes.get(1), embedding)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        if (backbone != null) {
            backbone.initialize(manager, dataType, inputShapes[0]);
        }
        Shape map = mapShape(inputShapes[0]);
        Shape boxes = inputShapes[1];
        fc.initialize(manager, dataType, new Shape(boxes.get(0), boxes.get(1), (long) cropSize * cropSize * map.get(1)));
        norm.initialize(manager, dataType, new Shape(boxes.get(0), boxes.get(1), embedding));
    }

    /** The builder; {@code setEmbedding} is required. */
    public static final class Builder {
        private Block backbone;
        private int cropSize = 5;
        private int embedding;

        private Builder() {}

        /** d, the actor feature width (the paper: 1024). */
        public Builder setEmbedding(int embedding) {
            this.embedding = Checks.positive(embedding, "RoiActorEncoder", "embedding");
            return this;
        }

        /** K, the crop size (default 5, ARG's). */
        public Builder optCropSize(int cropSize) {
            this.cropSize = Checks.positive(cropSize, "RoiActorEncoder", "cropSize");
            return this;
        }

        /** A backbone from frames to a feature map (B, C, H, W); none means the input is already the map. */
        public Builder optBackbone(Block backbone) {
            this.backbone = backbone;
            return this;
        }

        /** Builds the block. */
        public RoiActorEncoder build() {
            Checks.check(embedding > 0, "RoiActorEncoder.Builder", "setEmbedding(..) to be called", "no embedding");
            return new RoiActorEncoder(this);
        }
    }
}
