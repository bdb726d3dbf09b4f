package io.github.prcv2021.repro;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.prcv2021.core.Checks;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * A labelled grid of images for the reports of the generative and dense-prediction papers (samples of a
 * GAN, noisy / restored / clean triples, segmentation maps): one row per {@link #addRow} call, a row
 * label on the left, optional captions under the tiles, nearest-neighbour zoom. Grey or RGB values are
 * clamped to [0, 1]; label maps are drawn with a fixed palette. Add the rendered picture to a
 * {@link Result} with {@link Result#addFigure}.
 */
public final class ImageGrid {

    private static final int GAP = 4;
    private static final int CAPTION_H = 15;
    private static final Font FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    /** Distinct colours for label maps (class 0 black, as PASCAL VOC's background). */
    private static final int[] PALETTE = {0x000000, 0xe6194b, 0x3cb44b, 0xffe119, 0x4363d8, 0xf58231, 0x911eb4, 0x46f0f0,
        0xf032e6, 0xbcf60c, 0xfabebe, 0x008080, 0xe6beff, 0x9a6324, 0xfffac8, 0x800000, 0xaaffc3, 0x808000, 0xffd8b1,
        0x000075, 0x808080};

    private record Tile(int height, int width, int[] rgb, String caption) {}

    private record RowData(String label, List<Tile> tiles) {}

    private final int zoom;
    private final List<RowData> rows = new ArrayList<>();

    /** A grid that enlarges every pixel to {@code zoom × zoom}. */
    public ImageGrid(int zoom) {
        this.zoom = Checks.positive(zoom, "ImageGrid", "zoom");
    }

    /**
     * Adds a row of images.
     *
     * @param label the row's label
     * @param images (N, 1, H, W) grey or (N, 3, H, W) RGB values in [0, 1] (clamped)
     * @param captions one per image, or null
     */
    public ImageGrid addRow(String label, NDArray images, List<String> captions) {
        Shape s = images.getShape();
        Checks.check(s.dimension() == 4 && (s.get(1) == 1 || s.get(1) == 3), "ImageGrid.addRow",
                "images (N, 1 or 3, H, W)", s);
        int n = (int) s.get(0);
        int c = (int) s.get(1);
        int h = (int) s.get(2);
        int w = (int) s.get(3);
        checkCaptions(captions, n);
        float[] v;
        try (NDArray f = images.toType(DataType.FLOAT32, true)) {
            v = f.toFloatArray();
        }
        List<Tile> tiles = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int[] rgb = new int[h * w];
            for (int p = 0; p < h * w; p++) {
                int base = i * c * h * w;
                int r = level(v[base + p]);
                int g = c == 3 ? level(v[base + h * w + p]) : r;
                int b = c == 3 ? level(v[base + 2 * h * w + p]) : r;
                rgb[p] = r << 16 | g << 8 | b;
            }
            tiles.add(new Tile(h, w, rgb, captions == null ? null : captions.get(i)));
        }
        rows.add(new RowData(label, tiles));
        return this;
    }

    /**
     * Adds a row of label maps (segmentation outputs) drawn with the palette.
     *
     * @param labels (N, H, W) class indices
     * @param captions one per map, or null
     */
    public ImageGrid addLabelRow(String label, NDArray labels, List<String> captions) {
        Shape s = labels.getShape();
        Checks.check(s.dimension() == 3, "ImageGrid.addLabelRow", "labels (N, H, W)", s);
        int n = (int) s.get(0);
        int h = (int) s.get(1);
        int w = (int) s.get(2);
        checkCaptions(captions, n);
        int[] v;
        try (NDArray i32 = labels.toType(DataType.INT32, true)) {
            v = i32.toIntArray();
        }
        List<Tile> tiles = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int[] rgb = new int[h * w];
            for (int p = 0; p < h * w; p++) {
                int k = v[i * h * w + p];
                rgb[p] = k < 0 ? 0xffffff : PALETTE[k % PALETTE.length];
            }
            tiles.add(new Tile(h, w, rgb, captions == null ? null : captions.get(i)));
        }
        rows.add(new RowData(label, tiles));
        return this;
    }

    /** The number of rows so far. */
    public int rows() {
        return rows.size();
    }

    private record Layout(int labelWidth, int cellW, int cellH, int rowH, int columns) {}

    private Layout layout() {
        Checks.check(!rows.isEmpty(), "ImageGrid.render", "at least one row", 0);
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D pg = probe.createGraphics();
        pg.setFont(FONT);
        boolean captions = false;
        int label = 10;
        int cellW = 0;
        int cellH = 0;
        int columns = 0;
        for (RowData r : rows) {
            label = Math.max(label, pg.getFontMetrics().stringWidth(r.label()) + 12);
            columns = Math.max(columns, r.tiles().size());
            for (Tile t : r.tiles()) {
                cellW = Math.max(cellW, t.width() * zoom);
                cellH = Math.max(cellH, t.height() * zoom);
                captions |= t.caption() != null;
                if (t.caption() != null) {
                    cellW = Math.max(cellW, pg.getFontMetrics().stringWidth(t.caption()) + 4);
                }
            }
        }
        pg.dispose();
        return new Layout(label, cellW, cellH, cellH + (captions ? CAPTION_H : 0) + GAP, columns);
    }

    /** The top-left pixel of the tile in {@code row}, {@code column} of the rendered picture: {x, y}. */
    int[] tileOrigin(int row, int column) {
        Layout l = layout();
        return new int[] {l.labelWidth() + column * (l.cellW() + GAP), GAP + row * l.rowH()};
    }

    /** Draws the grid. */
    public BufferedImage render() {
        Layout l = layout();
        BufferedImage img = new BufferedImage(l.labelWidth() + l.columns() * (l.cellW() + GAP) + GAP,
                rows.size() * l.rowH() + GAP, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setFont(FONT);
        for (int r = 0; r < rows.size(); r++) {
            RowData row = rows.get(r);
            int y0 = GAP + r * l.rowH();
            g.setColor(Color.BLACK);
            g.drawString(row.label(), 6, y0 + l.cellH() / 2 + 5);
            for (int i = 0; i < row.tiles().size(); i++) {
                Tile t = row.tiles().get(i);
                int x0 = l.labelWidth() + i * (l.cellW() + GAP);
                for (int y = 0; y < t.height() * zoom; y++) {
                    for (int x = 0; x < t.width() * zoom; x++) {
                        img.setRGB(x0 + x, y0 + y, t.rgb()[(y / zoom) * t.width() + x / zoom]);
                    }
                }
                if (t.caption() != null) {
                    g.setColor(Color.BLACK);
                    g.drawString(t.caption(), x0 + 2, y0 + l.cellH() + 12);
                }
            }
        }
        g.dispose();
        return img;
    }

    private static void checkCaptions(List<String> captions, int n) {
        Checks.check(captions == null || captions.size() == n, "ImageGrid", n + " captions",
                captions == null ? 0 : captions.size());
    }

    private static int level(float v) {
        return Math.round(255 * Math.min(1f, Math.max(0f, v)));
    }
}
