package io.github.prcv2021.data;

import io.github.prcv2021.core.Checks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Optional;

/**
 * Where the local data cache is, and what to run when a file is not in it.
 *
 * <p>The cache root is, in this order: the system property {@value #PROPERTY}; the environment
 * variable {@value #ENV}; {@code datasets/cache} in the nearest folder at or above the working
 * directory that holds {@code datasets/fetch.sh} (the project folder); else {@code datasets/cache}
 * under the working directory. {@code datasets/fetch.sh} uses the same {@value #ENV} and default,
 * so a cache it fills is the cache read here. The root is looked up on every call, so a changed
 * property takes effect at once.
 *
 * <p>Paths given to {@link #require(String)} are relative to the root, as in
 * {@code datasets/SHA256SUMS}: {@code mnist/train-images-idx3-ubyte},
 * {@code fashion-mnist/t10k-labels-idx1-ubyte.gz}, {@code sklearn/iris.csv},
 * {@code skimage/camera.png}. Their first folder names the set to fetch.
 */
public final class DataPaths {

    /** System property naming the cache root; wins over {@value #ENV}. */
    public static final String PROPERTY = "prcv.data";
    /** Environment variable naming the cache root; also read by {@code datasets/fetch.sh}. */
    public static final String ENV = "PRCV_DATA";
    /** The default cache folder relative to the project folder. */
    public static final String DEFAULT_CACHE = "datasets/cache";
    /** The fetch script relative to the project folder. */
    public static final String FETCH_SCRIPT = "datasets/fetch.sh";

    /** The sets {@code datasets/fetch.sh --only} knows; each is the first folder of its files. */
    public static final List<String> SETS = List.of("mnist", "fashion-mnist", "sklearn", "skimage");

    private DataPaths() {}

    /** The cache root, absolute and normalised; it need not exist. */
    public static Path root() {
        String property = System.getProperty(PROPERTY);
        if (property != null && !property.isBlank()) {
            return Paths.get(property).toAbsolutePath().normalize();
        }
        String env = System.getenv(ENV);
        if (env != null && !env.isBlank()) {
            return Paths.get(env).toAbsolutePath().normalize();
        }
        Path base = projectDir().orElseGet(DataPaths::workingDir);
        return base.resolve(DEFAULT_CACHE).normalize();
    }

    /**
     * The nearest folder at or above the working directory that holds {@code datasets/fetch.sh},
     * if any.
     */
    public static Optional<Path> projectDir() {
        for (Path dir = workingDir(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(FETCH_SCRIPT))) {
                return Optional.of(dir);
            }
        }
        return Optional.empty();
    }

    /**
     * The path of a cache file, whether or not it exists.
     *
     * @param relative a path relative to the cache root, e.g. {@code mnist/train-images-idx3-ubyte}
     * @throws IllegalArgumentException if {@code relative} is blank, absolute or leaves the root
     */
    public static Path resolve(String relative) {
        Checks.notNull(relative, "DataPaths.resolve", "a path relative to the data cache");
        Path rel = Paths.get(relative).normalize();
        Checks.check(!relative.isBlank() && !rel.isAbsolute() && !rel.startsWith(".."),
                "DataPaths.resolve", "a path inside the data cache such as mnist/train-images-idx3-ubyte",
                relative);
        return root().resolve(rel);
    }

    /**
     * The path of a cache file that must exist.
     *
     * @param relative a path relative to the cache root, e.g. {@code mnist/train-images-idx3-ubyte}
     * @return the absolute path of the existing file
     * @throws MissingDataException if the file is not there; its message names the file, the cache
     *     root, where the root came from, and the command that fetches the file
     */
    public static Path require(String relative) {
        Path path = resolve(relative);
        if (Files.isRegularFile(path)) {
            return path;
        }
        String command = fetchCommand(relative);
        StringBuilder msg = new StringBuilder()
                .append("Missing data file ").append(path)
                .append(". Fetch it with: ").append(command);
        projectDir().ifPresent(dir -> msg.append("  (run in ").append(dir).append(')'));
        msg.append(". The data cache is ").append(root()).append(", ").append(rootOrigin())
                .append("; see datasets/README.md.");
        throw new MissingDataException(path, command, msg.toString());
    }

    /**
     * The shell command that fetches a cache file: {@code datasets/fetch.sh --only SET} for a file of
     * a known set, else {@code datasets/fetch.sh}; prefixed with {@code PRCV_DATA=<root>} when the
     * root is not the default, so that the script fills the cache that is read here.
     *
     * @param relative a path relative to the cache root
     */
    public static String fetchCommand(String relative) {
        Checks.notNull(relative, "DataPaths.fetchCommand", "a path relative to the data cache");
        Path rel = Paths.get(relative).normalize();
        String set = rel.getNameCount() > 1 ? rel.getName(0).toString() : "";
        String command = FETCH_SCRIPT + (SETS.contains(set) ? " --only " + set : "");
        return isDefaultRoot() ? command : ENV + "=" + root() + " " + command;
    }

    /** What to do about a corrupt file: re-fetch its set, or re-create a file outside the cache. */
    static String refetchAdvice(Path file) {
        Path root = root();
        Path abs = file.toAbsolutePath().normalize();
        if (abs.startsWith(root) && !abs.equals(root)) {
            String command = fetchCommand(root.relativize(abs).toString());
            return "Fetch it again with: " + command
                    + " (fetch.sh replaces every file whose SHA-256 does not match datasets/SHA256SUMS)";
        }
        return "The file is outside the data cache " + root
                + "; if it came from " + FETCH_SCRIPT + ", run that again, else re-create it";
    }

    private static boolean isDefaultRoot() {
        String property = System.getProperty(PROPERTY);
        String env = System.getenv(ENV);
        return (property == null || property.isBlank()) && (env == null || env.isBlank());
    }

    private static String rootOrigin() {
        String property = System.getProperty(PROPERTY);
        if (property != null && !property.isBlank()) {
            return "set by the system property " + PROPERTY;
        }
        String env = System.getenv(ENV);
        if (env != null && !env.isBlank()) {
            return "set by the environment variable " + ENV;
        }
        return projectDir().isPresent()
                ? "the default under the project folder"
                : "the default under the working directory (no " + FETCH_SCRIPT + " found above it)";
    }

    private static Path workingDir() {
        return Paths.get(System.getProperty("user.dir", ".")).toAbsolutePath().normalize();
    }
}
