package io.github.prcv2021.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The per-epoch history of a run, with CSV output. */
public final class History {

    private final List<EpochRecord> epochs = new ArrayList<>();

    /** Appends an epoch. */
    public void add(EpochRecord record) {
        epochs.add(record);
    }

    /** All epochs in order. */
    public List<EpochRecord> epochs() {
        return Collections.unmodifiableList(epochs);
    }

    /** The last epoch; fails when empty. */
    public EpochRecord last() {
        if (epochs.isEmpty()) {
            throw new IllegalStateException("History is empty: no epoch has finished");
        }
        return epochs.get(epochs.size() - 1);
    }

    /** The highest validation accuracy over the epochs. */
    public double bestValidationAccuracy() {
        return epochs.stream().mapToDouble(EpochRecord::validationAccuracy).filter(v -> !Double.isNaN(v)).max().orElse(Double.NaN);
    }

    /** The history as CSV text with a header row; extra metrics become columns. */
    public String toCsv() {
        Set<String> extras = new LinkedHashSet<>();
        epochs.forEach(e -> extras.addAll(e.extra().keySet()));
        StringBuilder sb = new StringBuilder("epoch,train_loss,train_accuracy,validation_accuracy,seconds");
        extras.forEach(k -> sb.append(',').append(k));
        sb.append('\n');
        for (EpochRecord e : epochs) {
            sb.append(String.format(Locale.ROOT, "%d,%.6f,%.6f,%.6f,%.3f", e.epoch(), e.trainLoss(),
                    e.trainAccuracy(), e.validationAccuracy(), e.seconds()));
            for (String k : extras) {
                Double v = e.extra().get(k);
                sb.append(',').append(v == null ? "" : String.format(Locale.ROOT, "%.6f", v));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** Writes {@link #toCsv()} to a file, creating its folder. */
    public void writeCsv(Path file) {
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Files.writeString(file, toCsv(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write history to " + file, e);
        }
    }
}
