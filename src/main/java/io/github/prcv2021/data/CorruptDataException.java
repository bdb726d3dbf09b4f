package io.github.prcv2021.data;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A data file exists but is not what its format promises (bad magic number, wrong size, truncated,
 * a malformed row). The message names the file, the problem and the fix: fetching it again, which
 * {@code datasets/fetch.sh} does for any file whose checksum fails.
 */
public class CorruptDataException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path path;

    /**
     * Creates the exception; the message is {@code "<file>: <problem>. <fix>"}.
     *
     * @param path the file
     * @param problem what is wrong with it
     */
    public CorruptDataException(Path path, String problem) {
        this(path, problem, null);
    }

    /**
     * Creates the exception with the low-level cause.
     *
     * @param path the file
     * @param problem what is wrong with it
     * @param cause the exception that revealed it, or {@code null}
     */
    public CorruptDataException(Path path, String problem, Throwable cause) {
        super(path + ": " + problem + ". " + DataPaths.refetchAdvice(path), cause);
        this.path = path;
    }

    /** The corrupt file. */
    public Path path() {
        return path;
    }
}
