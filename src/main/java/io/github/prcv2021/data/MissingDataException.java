package io.github.prcv2021.data;

import java.nio.file.Path;

/**
 * A data file that should be in the local cache is not there. The message names the file and the
 * command that fetches it, e.g. {@code datasets/fetch.sh --only mnist}.
 */
public class MissingDataException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final transient Path path;
    private final String fetchCommand;

    /**
     * Creates the exception.
     *
     * @param path the file that was looked for
     * @param fetchCommand the shell command that brings it
     * @param message the full message
     */
    public MissingDataException(Path path, String fetchCommand, String message) {
        super(message);
        this.path = path;
        this.fetchCommand = fetchCommand;
    }

    /** The file that was looked for. */
    public Path path() {
        return path;
    }

    /** The shell command that fetches the file, e.g. {@code datasets/fetch.sh --only mnist}. */
    public String fetchCommand() {
        return fetchCommand;
    }
}
