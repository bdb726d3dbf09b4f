package io.github.prcv2021.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Checks that a Markdown page contains, verbatim up to white space, the code between two markers of a test source. */
public final class DocExamples {

    private DocExamples() {}

    /** The text between {@code // <tag>:begin} and {@code // <tag>:end} in the given test source. */
    public static String snippet(String testSource, String tag) throws IOException {
        String source = Files.readString(Path.of(testSource));
        int begin = source.indexOf("// " + tag + ":begin");
        int end = source.indexOf("// " + tag + ":end");
        if (begin < 0 || end < begin) {
            throw new IllegalStateException(testSource + " has no " + tag + ":begin/end markers");
        }
        return source.substring(source.indexOf('\n', begin) + 1, source.lastIndexOf('\n', end));
    }

    /** Whether the page contains the snippet, white space folded. */
    public static boolean pageContains(String page, String snippet) throws IOException {
        return fold(Files.readString(Path.of(page))).contains(fold(snippet));
    }

    private static String fold(String s) {
        return s.replaceAll("\\s+", " ").trim();
    }
}
