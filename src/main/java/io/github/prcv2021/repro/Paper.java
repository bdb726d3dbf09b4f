package io.github.prcv2021.repro;

/**
 * A paper of the proceedings as the catalog lists it.
 *
 * @param number the chapter number in LNCS 13022 (1 to 46)
 * @param id the command-line id, e.g. {@code icce}
 * @param pkg the Java package under {@code io.github.prcv2021}
 * @param title the paper's title
 * @param authors the authors, comma-separated
 * @param pages the pages in LNCS 13022
 * @param status how far the library has it
 */
public record Paper(int number, String id, String pkg, String title, String authors, String pages, Status status) {

    /** A one-line citation. */
    public String citation() {
        return authors + ". \"" + title + "\". PRCV 2021, LNCS 13022, pp. " + pages + ".";
    }
}
