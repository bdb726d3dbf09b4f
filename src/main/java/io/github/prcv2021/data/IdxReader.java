package io.github.prcv2021.data;

import io.github.prcv2021.core.Checks;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads IDX files, the format of MNIST and Fashion-MNIST, raw or gzip-compressed (recognised by the
 * gzip magic bytes, whatever the file name).
 *
 * <p>An IDX file is a big-endian header {@code 0x00 0x00 TYPE NDIM}, then {@code NDIM} 32-bit sizes,
 * then the elements in row-major order. Only {@code TYPE = 0x08} (unsigned byte) is read, which is
 * what every MNIST-style file uses. The reader checks the magic number, that every size is positive,
 * and that the data are exactly as long as the sizes say: a file that is shorter (truncated) or
 * longer (trailing bytes) is a {@link CorruptDataException} naming the file and the fix.
 */
public final class IdxReader {

    /** The IDX element type code of unsigned bytes. */
    public static final int TYPE_UBYTE = 0x08;

    private static final int MAX_DIMS = 8;

    private IdxReader() {}

    /** The content of one IDX file: its sizes and its elements as unsigned bytes. */
    public static final class IdxArray {
        private final int[] dims;
        private final byte[] data;

        IdxArray(int[] dims, byte[] data) {
            this.dims = dims;
            this.data = data;
        }

        /** The sizes, outermost first, e.g. {@code [60000, 28, 28]}; a copy. */
        public int[] dims() {
            return dims.clone();
        }

        /** The number of dimensions. */
        public int rank() {
            return dims.length;
        }

        /** The size of dimension {@code axis}. */
        public int dim(int axis) {
            return dims[axis];
        }

        /** The elements in row-major order as stored (read them with {@code b & 0xFF}); not a copy. */
        public byte[] data() {
            return data;
        }

        /** Element {@code index} (row-major) as an unsigned value in [0, 255]. */
        public int unsigned(int index) {
            return data[index] & 0xFF;
        }

        @Override
        public String toString() {
            return "IdxArray" + Arrays.toString(dims);
        }
    }

    /**
     * Reads an IDX file of unsigned bytes.
     *
     * @param file the file, raw or gzip-compressed
     * @return its sizes and elements
     * @throws MissingDataException if the file does not exist (naming the fetch command when the file
     *     is in the data cache)
     * @throws CorruptDataException if the header or the length is wrong, or the gzip stream is broken
     * @throws IOException if reading fails
     */
    public static IdxArray read(Path file) throws IOException {
        Checks.notNull(file, "IdxReader.read", "a file");
        if (!Files.isRegularFile(file)) {
            Path root = DataPaths.root();
            Path abs = file.toAbsolutePath().normalize();
            if (abs.startsWith(root)) {
                DataPaths.require(root.relativize(abs).toString()); // throws with the fetch command
            }
            throw new MissingDataException(file, DataPaths.FETCH_SCRIPT, "Missing IDX file " + file);
        }
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            raw.mark(2);
            int b0 = raw.read();
            int b1 = raw.read();
            raw.reset();
            boolean gzip = b0 == 0x1f && b1 == 0x8b;
            if (gzip) {
                try (InputStream in = new GZIPInputStream(raw, 1 << 16)) {
                    return parse(file, in, -1);
                } catch (ZipException | EOFException e) {
                    throw new CorruptDataException(file, "broken gzip stream (" + e.getMessage() + ")", e);
                }
            }
            return parse(file, raw, Files.size(file));
        }
    }

    /**
     * Parses an IDX stream.
     *
     * @param fileSize the size of a raw file, checked before the data are read, or -1 if unknown
     */
    private static IdxArray parse(Path file, InputStream stream, long fileSize) throws IOException {
        DataInputStream in = new DataInputStream(stream);
        byte[] magic = new byte[4];
        int got = in.readNBytes(magic, 0, 4);
        if (got < 4) {
            throw new CorruptDataException(file, "truncated: " + got + " bytes, shorter than the 4-byte IDX magic number");
        }
        if (magic[0] != 0 || magic[1] != 0) {
            throw new CorruptDataException(file, String.format(
                    "not an IDX file: magic number 0x%02X%02X%02X%02X does not start with 0x0000",
                    magic[0], magic[1], magic[2], magic[3]));
        }
        int type = magic[2] & 0xFF;
        int rank = magic[3] & 0xFF;
        if (type != TYPE_UBYTE) {
            throw new CorruptDataException(file, String.format(
                    "IDX element type 0x%02X is not supported, expected 0x08 (unsigned byte)", type));
        }
        if (rank < 1 || rank > MAX_DIMS) {
            throw new CorruptDataException(file, "IDX header has " + rank + " dimensions, expected 1 to " + MAX_DIMS);
        }
        int[] dims = new int[rank];
        long count = 1;
        for (int i = 0; i < rank; i++) {
            try {
                dims[i] = in.readInt();
            } catch (EOFException e) {
                throw new CorruptDataException(file, "truncated inside the IDX header (" + rank + " sizes expected)", e);
            }
            if (dims[i] <= 0) {
                throw new CorruptDataException(file, "IDX size " + i + " is " + dims[i] + ", expected > 0");
            }
            count *= dims[i];
            if (count > Integer.MAX_VALUE - 16) {
                throw new CorruptDataException(file, "IDX sizes " + Arrays.toString(Arrays.copyOf(dims, i + 1))
                        + " describe more than 2^31 elements");
            }
        }
        long headerBytes = 4L + 4L * rank;
        if (fileSize >= 0 && fileSize != headerBytes + count) {
            String what = fileSize < headerBytes + count ? "truncated" : "too long";
            throw new CorruptDataException(file, what + ": the header " + Arrays.toString(dims) + " needs "
                    + (headerBytes + count) + " bytes, the file has " + fileSize);
        }
        byte[] data = new byte[(int) count];
        int read = in.readNBytes(data, 0, data.length);
        if (read < data.length) {
            throw new CorruptDataException(file, "truncated: the header " + Arrays.toString(dims) + " needs "
                    + count + " data bytes, the file has " + read);
        }
        if (in.read() != -1) {
            throw new CorruptDataException(file, "too long: bytes follow the " + count
                    + " data bytes that the header " + Arrays.toString(dims) + " announces");
        }
        return new IdxArray(dims, data);
    }
}
