package io.github.prcv2021.repro;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The 46 papers of PRCV 2021 Part IV (LNCS 13022) with their status, and the registry of their
 * reproductions. The paper list is the resource {@code catalog.tsv}; a reproduction registers itself
 * through {@link ServiceLoader} ({@code META-INF/services/io.github.prcv2021.repro.Reproduction}).
 */
public final class Catalog {

    private static final List<Paper> PAPERS = load();

    private Catalog() {}

    /** All papers in chapter order. */
    public static List<Paper> papers() {
        return PAPERS;
    }

    /** The paper with this id, if any. */
    public static Optional<Paper> find(String id) {
        return PAPERS.stream().filter(p -> p.id().equals(id)).findFirst();
    }

    /** The paper with this id; an unknown id is an error that lists the known ones. */
    public static Paper require(String id) {
        return find(id).orElseThrow(() -> new IllegalArgumentException("Unknown paper id '" + id
                + "'; known ids: " + String.join(", ", PAPERS.stream().map(Paper::id).toList())));
    }

    /** The reproduction registered for this id, if any. */
    public static Optional<Reproduction> reproduction(String id) {
        for (Reproduction r : ServiceLoader.load(Reproduction.class)) {
            if (r.id().equals(id)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    /** The ids that have a registered reproduction, in chapter order. */
    public static List<String> reproducible() {
        List<String> ids = new ArrayList<>();
        for (Reproduction r : ServiceLoader.load(Reproduction.class)) {
            ids.add(r.id());
        }
        return PAPERS.stream().map(Paper::id).filter(ids::contains).toList();
    }

    /** The README's status table, generated from the catalog. */
    public static String markdownTable() {
        StringBuilder sb = new StringBuilder("| # | id | paper | package | status |\n|---|---|---|---|---|\n");
        for (Paper p : PAPERS) {
            String status = p.status() == Status.PLANNED ? "planned"
                    : "[" + p.status().label() + "](docs/papers/" + String.format(Locale.ROOT, "%02d", p.number()) + "-" + p.id() + ".md)";
            sb.append(String.format(Locale.ROOT, "| %02d | `%s` | %s | `%s` | %s |%n", p.number(), p.id(), p.title(),
                    p.pkg(), status));
        }
        return sb.toString();
    }

    private static List<Paper> load() {
        List<Paper> list = new ArrayList<>();
        try (InputStream in = Catalog.class.getResourceAsStream("catalog.tsv")) {
            if (in == null) {
                throw new IllegalStateException("catalog.tsv is missing from the class path");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t");
                if (f.length != 7) {
                    throw new IllegalStateException("catalog.tsv expects 7 tab-separated fields, got " + f.length + ": " + line);
                }
                list.add(new Paper(Integer.parseInt(f[0]), f[1], f[2], f[3], f[4], f[5], Status.parse(f[6])));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Collections.unmodifiableList(list);
    }
}
