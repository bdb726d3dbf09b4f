package io.github.prcv2021.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {

    @TempDir
    Path dir;

    /** An IDX file of unsigned bytes, written here by hand from the format's definition. */
    private static byte[] idx(int[] dims, int[] values) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(0);
            out.writeByte(0);
            out.writeByte(0x08);
            out.writeByte(dims.length);
            for (int d : dims) {
                out.writeInt(d);
            }
            for (int v : values) {
                out.writeByte(v);
            }
        }
        return bytes.toByteArray();
    }

    private static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(raw);
        }
        return bytes.toByteArray();
    }

    /** Two 2x3 images with pixels 0, 51, ..., 255 and labels 1, 0. */
    private static final int[] PIXELS = {0, 51, 102, 153, 204, 255, 255, 0, 0, 0, 0, 128};

    @Test
    void readsRawIdxWithDimsAndUnsignedBytes() throws IOException {
        Path f = Files.write(dir.resolve("tiny-images"), idx(new int[] {2, 2, 3}, PIXELS));
        IdxReader.IdxArray a = IdxReader.read(f);
        assertArrayEquals(new int[] {2, 2, 3}, a.dims());
        assertEquals(12, a.data().length);
        for (int i = 0; i < PIXELS.length; i++) {
            assertEquals(PIXELS[i], a.unsigned(i), "element " + i);
        }
    }

    @Test
    void readsGzippedIdxWhateverItsName() throws IOException {
        Path f = Files.write(dir.resolve("tiny-images.bin"), gzip(idx(new int[] {2, 2, 3}, PIXELS)));
        IdxReader.IdxArray a = IdxReader.read(f);
        assertArrayEquals(new int[] {2, 2, 3}, a.dims());
        assertEquals(255, a.unsigned(5));
        assertEquals(128, a.unsigned(11));
    }

    @Test
    void idxDataScalesPixelsToUnitRangeAndPairsLabels() throws IOException {
        Path img = Files.write(dir.resolve("img"), idx(new int[] {2, 2, 3}, PIXELS));
        Path lab = Files.write(dir.resolve("lab.gz"), gzip(idx(new int[] {2}, new int[] {1, 0})));
        IdxData d = IdxData.read("tiny", img, lab, 2);
        assertEquals(2, d.count());
        assertEquals(2, d.rows());
        assertEquals(3, d.cols());
        assertArrayEquals(new int[] {1, 0}, d.labels());
        assertEquals(0.2f, d.images()[1], 1e-7f); // 51 / 255
        assertEquals(1f, d.images()[5], 0f);
        assertArrayEquals(new float[] {1f, 0f, 0f, 0f, 0f, 128 / 255f}, d.image(1), 1e-7f);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray flat = d.imagesArray(m);
            assertEquals(new Shape(2, 6), flat.getShape());
            NDArray chw = d.imagesArray(m, false);
            assertEquals(new Shape(2, 1, 2, 3), chw.getShape());
            assertEquals(128 / 255f, chw.getFloat(1, 0, 1, 2), 1e-7f);
            assertArrayEquals(new float[] {1f, 0f}, d.labelsArray(m).toFloatArray(), 0f);
        }
    }

    @Test
    void truncatedRawFileIsCorruptAndNamesFileAndFix() throws IOException {
        byte[] full = idx(new int[] {2, 2, 3}, PIXELS);
        Path f = Files.write(dir.resolve("truncated-images"), Arrays.copyOf(full, full.length - 5));
        CorruptDataException e = assertThrows(CorruptDataException.class, () -> IdxReader.read(f));
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        assertTrue(e.getMessage().contains("fetch.sh"), e.getMessage());
        assertEquals(f, e.path());
    }

    @Test
    void truncatedGzipFileIsCorrupt() throws IOException {
        byte[] gz = gzip(idx(new int[] {2, 2, 3}, PIXELS));
        Path f = Files.write(dir.resolve("truncated.gz"), Arrays.copyOf(gz, gz.length - 12));
        CorruptDataException e = assertThrows(CorruptDataException.class, () -> IdxReader.read(f));
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("fetch.sh"), e.getMessage());
    }

    @Test
    void gzipWithTooFewDataBytesIsTruncated() throws IOException {
        int[] few = Arrays.copyOf(PIXELS, 7);
        Path f = Files.write(dir.resolve("short.gz"), gzip(idx(new int[] {2, 2, 3}, few)));
        CorruptDataException e = assertThrows(CorruptDataException.class, () -> IdxReader.read(f));
        assertTrue(e.getMessage().contains("needs 12 data bytes, the file has 7"), e.getMessage());
    }

    @Test
    void trailingBytesAreCorrupt() throws IOException {
        int[] more = Arrays.copyOf(PIXELS, 13);
        Path f = Files.write(dir.resolve("long"), idx(new int[] {2, 2, 3}, more));
        CorruptDataException e = assertThrows(CorruptDataException.class, () -> IdxReader.read(f));
        assertTrue(e.getMessage().contains("too long"), e.getMessage());
    }

    @Test
    void badMagicNumberIsCorrupt() throws IOException {
        byte[] b = idx(new int[] {2, 2, 3}, PIXELS);
        b[0] = 0x12;
        Path f = Files.write(dir.resolve("magic"), b);
        CorruptDataException e = assertThrows(CorruptDataException.class, () -> IdxReader.read(f));
        assertTrue(e.getMessage().contains("not an IDX file"), e.getMessage());
    }

    @Test
    void unsupportedElementTypeIsCorrupt() throws IOException {
        byte[] b = idx(new int[] {3}, new int[] {1, 2, 3});
        b[2] = 0x0D; // float
        Path f = Files.write(dir.resolve("float"), b);
        CorruptDataException e = assertThrows(CorruptDataException.class, () -> IdxReader.read(f));
        assertTrue(e.getMessage().contains("0x0D"), e.getMessage());
    }

    @Test
    void mismatchedImageAndLabelCountsAreCorrupt() throws IOException {
        Path img = Files.write(dir.resolve("img"), idx(new int[] {2, 2, 3}, PIXELS));
        Path lab = Files.write(dir.resolve("lab"), idx(new int[] {3}, new int[] {0, 1, 0}));
        CorruptDataException e = assertThrows(CorruptDataException.class, () -> IdxData.read("x", img, lab, 2));
        assertTrue(e.getMessage().contains("3 labels"), e.getMessage());
    }

    @Test
    void labelOutOfRangeIsCorrupt() throws IOException {
        Path img = Files.write(dir.resolve("img"), idx(new int[] {2, 2, 3}, PIXELS));
        Path lab = Files.write(dir.resolve("lab"), idx(new int[] {2}, new int[] {0, 7}));
        CorruptDataException e = assertThrows(CorruptDataException.class, () -> IdxData.read("x", img, lab, 2));
        assertTrue(e.getMessage().contains("label 7 at index 1"), e.getMessage());
    }

    @Test
    void missingFileIsMissingData() {
        Path f = dir.resolve("absent");
        MissingDataException e = assertThrows(MissingDataException.class, () -> IdxReader.read(f));
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
    }
}
