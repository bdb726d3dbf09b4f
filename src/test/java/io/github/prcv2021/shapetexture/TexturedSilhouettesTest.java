package io.github.prcv2021.shapetexture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.prcv2021.data.IdxData;
import org.junit.jupiter.api.Test;

/** The cue data sets: labels, silhouettes and textures. */
class TexturedSilhouettesTest {

    /** Four 8x8 "items": a filled square in a corner per item, labels 0..3. */
    private static IdxData source() {
        float[] img = new float[4 * 64];
        for (int i = 0; i < 4; i++) {
            int oy = (i / 2) * 4;
            int ox = (i % 2) * 4;
            for (int y = 0; y < 4; y++) {
                for (int x = 0; x < 4; x++) {
                    img[i * 64 + (oy + y) * 8 + ox + x] = 0.8f;
                }
            }
        }
        return IdxData.of("squares", img, new int[] {0, 1, 2, 3}, 8, 8, 4);
    }

    @Test
    void shapeLabelsAreTheItemsAndPixelsStayInsideTheSilhouette() {
        IdxData src = source();
        IdxData d = TexturedSilhouettes.builder().setLabelBy(TexturedSilhouettes.LabelBy.SHAPE).optSeed(1).build().generate(src, 4);
        assertEquals(4, d.numClasses());
        for (int i = 0; i < 4; i++) {
            assertEquals(src.label(i), d.label(i));
            float[] s = src.image(i);
            float[] v = d.image(i);
            for (int p = 0; p < 64; p++) {
                if (s[p] == 0) {
                    assertEquals(0f, v[p], "background pixel " + p + " of image " + i);
                } else {
                    assertTrue(v[p] == 0.35f || v[p] == 1f, "silhouette pixel " + v[p]);
                }
            }
        }
    }

    @Test
    void textureLabelsNameTheTextureThatFillsTheSilhouette() {
        IdxData src = source();
        IdxData d = TexturedSilhouettes.builder().setLabelBy(TexturedSilhouettes.LabelBy.TEXTURE).optSeed(2).build().generate(src, 4);
        assertEquals(10, d.numClasses());
        for (int i = 0; i < 4; i++) {
            assertTrue(d.label(i) >= 0 && d.label(i) < 10);
        }
        // vertical stripes of period 4 (texture 1) depend on x alone
        for (int y = 0; y < 8; y++) {
            assertEquals(TexturedSilhouettes.texture(1, 3, 0, null), TexturedSilhouettes.texture(1, 3, y, null));
        }
        assertEquals(1f, TexturedSilhouettes.texture(1, 2, 0, null));
        assertEquals(0f, TexturedSilhouettes.texture(1, 4, 0, null));
    }

    @Test
    void badArgumentsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> TexturedSilhouettes.builder().build());
        TexturedSilhouettes t = TexturedSilhouettes.builder().setLabelBy(TexturedSilhouettes.LabelBy.SHAPE).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.generate(source(), 5));
        assertTrue(e.getMessage().contains("count in [1, 4]"), e.getMessage());
    }
}
