package io.github.prcv2021.distcam;

import io.github.prcv2021.data.LocalizationCanvas;
import io.github.prcv2021.metrics.Localization.Box;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Draws canvases with their heatmaps and boxes as one picture for the reports. */
final class ExampleGrid {

    private static final int ZOOM = 3;
    private static final int LABEL_W = 215;
    private static final int CAPTION_H = 16;

    private ExampleGrid() {}

    /**
     * A grid: first row the canvases with their ground-truth boxes, then one row per map kind with the
     * map blended over the canvas, the map's box (red) and the ground truth (green).
     */
    static BufferedImage render(LocalizationCanvas test, int count, List<String> rows, Map<String, float[][]> maps,
            Map<String, Box[]> boxes, Map<String, int[]> classes, List<String> names) {
        int s = test.size();
        int tile = s * ZOOM;
        int cellH = tile + CAPTION_H;
        BufferedImage img = new BufferedImage(LABEL_W + count * (tile + 4), (rows.size() + 1) * (cellH + 4) + 4,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        float[] pixels = test.data().images();
        for (int r = 0; r <= rows.size(); r++) {
            int y0 = 4 + r * (cellH + 4);
            g.setColor(Color.BLACK);
            g.drawString(r == 0 ? "canvas + ground truth" : rows.get(r - 1), 6, y0 + tile / 2);
            for (int i = 0; i < count; i++) {
                int x0 = LABEL_W + i * (tile + 4);
                float[] map = r == 0 ? null : maps.get(rows.get(r - 1))[i];
                for (int y = 0; y < tile; y++) {
                    for (int x = 0; x < tile; x++) {
                        int p = (y / ZOOM) * s + x / ZOOM;
                        float v = pixels[i * s * s + p];
                        int gray = Math.round(255 * Math.min(1f, Math.max(0f, v)));
                        int rgb;
                        if (map == null) {
                            rgb = gray << 16 | gray << 8 | gray;
                        } else {
                            int[] c = jet(map[p]);
                            rgb = blend(c[0], gray) << 16 | blend(c[1], gray) << 8 | blend(c[2], gray);
                        }
                        img.setRGB(x0 + x, y0 + y, rgb);
                    }
                }
                g.setStroke(new BasicStroke(2f));
                drawBox(g, test.box(i), x0, y0, new Color(0, 220, 0));
                String caption;
                if (r == 0) {
                    caption = name(names, test.data().label(i));
                } else {
                    Box b = boxes.get(rows.get(r - 1))[i];
                    int cls = classes.get(rows.get(r - 1))[i];
                    if (b != null) {
                        drawBox(g, b, x0, y0, Color.RED);
                    }
                    double iou = b == null ? 0 : b.iou(test.box(i));
                    caption = String.format(Locale.ROOT, "%s%s IoU %.2f", name(names, cls),
                            cls == test.data().label(i) ? "" : " (wrong)", iou);
                }
                g.setColor(Color.BLACK);
                g.drawString(caption, x0 + 2, y0 + tile + 13);
            }
        }
        g.dispose();
        return img;
    }

    private static String name(List<String> names, int c) {
        return names == null ? "class " + c : names.get(c);
    }

    private static void drawBox(Graphics2D g, Box b, int x0, int y0, Color c) {
        g.setColor(c);
        g.drawRect(x0 + b.x0() * ZOOM, y0 + b.y0() * ZOOM, b.width() * ZOOM - 1, b.height() * ZOOM - 1);
    }

    private static int blend(int color, int gray) {
        return Math.round(0.55f * color + 0.45f * gray);
    }

    /** The jet colour map (blue, cyan, yellow, red) at v in [0, 1]. */
    static int[] jet(float v) {
        float t = Math.min(1f, Math.max(0f, v));
        float r = Math.min(1f, Math.max(0f, 1.5f - Math.abs(4 * t - 3)));
        float gg = Math.min(1f, Math.max(0f, 1.5f - Math.abs(4 * t - 2)));
        float b = Math.min(1f, Math.max(0f, 1.5f - Math.abs(4 * t - 1)));
        return new int[] {Math.round(255 * r), Math.round(255 * gg), Math.round(255 * b)};
    }
}
