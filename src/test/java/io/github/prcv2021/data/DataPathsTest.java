package io.github.prcv2021.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.training.dataset.Dataset.Usage;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataPathsTest {

    @TempDir
    Path empty;

    private String saved;

    @BeforeEach
    void pointAtEmptyCache() {
        saved = System.getProperty(DataPaths.PROPERTY);
        System.setProperty(DataPaths.PROPERTY, empty.toString());
    }

    @AfterEach
    void restore() {
        if (saved == null) {
            System.clearProperty(DataPaths.PROPERTY);
        } else {
            System.setProperty(DataPaths.PROPERTY, saved);
        }
    }

    @Test
    void systemPropertyChoosesTheRoot() {
        assertEquals(empty.toAbsolutePath().normalize(), DataPaths.root());
        assertEquals(empty.resolve("mnist/x"), DataPaths.resolve("mnist/x"));
    }

    @Test
    void missingFileNamesTheFileAndTheFetchCommandForItsSet() {
        MissingDataException e = assertThrows(MissingDataException.class,
                () -> DataPaths.require("mnist/train-images-idx3-ubyte"));
        String msg = e.getMessage();
        assertTrue(msg.contains(empty.resolve("mnist/train-images-idx3-ubyte").toString()), msg);
        assertTrue(msg.contains("datasets/fetch.sh --only mnist"), msg);
        // the root is not the default, so the command must fill this root
        assertTrue(e.fetchCommand().startsWith("PRCV_DATA=" + empty.toAbsolutePath().normalize()), e.fetchCommand());
        assertTrue(msg.contains("prcv.data"), msg);
    }

    @Test
    void datasetLoadersFailWithTheCommandOfTheirSet() {
        assertTrue(assertThrows(MissingDataException.class, () -> Datasets.mnistData(Usage.TRAIN))
                .getMessage().contains("fetch.sh --only mnist"));
        assertTrue(assertThrows(MissingDataException.class, () -> Datasets.fashionMnistData(Usage.TEST))
                .getMessage().contains("fetch.sh --only fashion-mnist"));
        assertTrue(assertThrows(MissingDataException.class, Datasets::digits)
                .getMessage().contains("fetch.sh --only sklearn"));
        assertTrue(assertThrows(MissingDataException.class, () -> SampleImages.load("camera"))
                .getMessage().contains("fetch.sh --only skimage"));
    }

    @Test
    void fileOutsideAKnownSetGetsThePlainCommand() {
        MissingDataException e = assertThrows(MissingDataException.class, () -> DataPaths.require("other.bin"));
        assertTrue(e.fetchCommand().endsWith("datasets/fetch.sh"), e.fetchCommand());
    }

    @Test
    void corruptFileInTheCacheNamesTheRefetchCommand() throws Exception {
        Path f = empty.resolve("mnist/t10k-labels-idx1-ubyte");
        Files.createDirectories(f.getParent());
        Files.write(f, new byte[] {0, 0, 8, 1, 0, 0, 0, 5, 1, 2});
        CorruptDataException e = assertThrows(CorruptDataException.class, () -> IdxReader.read(f));
        assertTrue(e.getMessage().contains("fetch.sh --only mnist"), e.getMessage());
    }

    @Test
    void pathsLeavingTheCacheAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DataPaths.resolve("../etc/passwd"));
        assertTrue(e.getMessage().startsWith("DataPaths.resolve expects"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DataPaths.resolve("/abs"));
    }

    @Test
    void defaultRootIsTheProjectCache() {
        System.clearProperty(DataPaths.PROPERTY);
        String env = System.getenv(DataPaths.ENV);
        Path expected = env != null && !env.isBlank()
                ? Path.of(env).toAbsolutePath().normalize()
                : DataPaths.projectDir().orElseThrow().resolve("datasets/cache");
        assertEquals(expected, DataPaths.root());
        assertTrue(Files.isRegularFile(DataPaths.projectDir().orElseThrow().resolve("datasets/fetch.sh")));
    }
}
