package io.github.prcv2021.train;

import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import ai.djl.translate.TranslateException;
import io.github.prcv2021.core.Checks;
import io.github.prcv2021.core.EngineTuning;
import io.github.prcv2021.metrics.Classification;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The training loop every paper shares, over DJL's {@link Trainer}: epochs of {@link TrainingStep}s,
 * evaluation after each epoch, a {@link History}, a progress bar, CSV history and checkpoints.
 *
 * <p>Every batch is closed in a try-with-resources block, so an exception in a step does not leak
 * it (DJL's {@code EasyTrain} closes batches outside try/finally). A custom step ({@link
 * #builder()}{@code .optStep(...)}) replaces the forward/backward/update of one batch and nothing
 * else, so adversarial, GAN or regularised training reuse the same loop.
 *
 * <pre>{@code
 * History h = TrainingLoop.builder().setEpochs(20).build().fit(trainer, trainSet, testSet);
 * }</pre>
 */
public final class TrainingLoop {

    /** Called after each epoch; may add extra metrics to the record's {@code extra()} map. */
    @FunctionalInterface
    public interface EpochListener {
        /** The epoch just finished. */
        void onEpoch(EpochRecord record, Trainer trainer);
    }

    private final int epochs;
    private final TrainingStep step;
    private final List<EpochListener> listeners;
    private final ProgressBar progress;
    private final Path csvHistory;
    private final Path checkpointDir;
    private final int checkpointEvery;
    private final boolean validationAccuracy;
    private final Map<String, BatchMetric> validationMetrics;

    /**
     * A validation metric of one batch, given the model's outputs (inference mode) and the labels; the loop
     * reports its example-weighted mean over the validation set (e.g. PSNR of an image-to-image model).
     */
    @FunctionalInterface
    public interface BatchMetric {
        /** The batch's mean value. */
        double evaluate(NDList predictions, NDList labels);
    }

    private TrainingLoop(Builder b) {
        this.epochs = b.epochs;
        this.step = b.step;
        this.listeners = List.copyOf(b.listeners);
        this.progress = b.progress;
        this.csvHistory = b.csvHistory;
        this.checkpointDir = b.checkpointDir;
        this.checkpointEvery = b.checkpointEvery;
        this.validationAccuracy = b.validationAccuracy;
        this.validationMetrics = Collections.unmodifiableMap(new LinkedHashMap<>(b.validationMetrics));
    }

    /** A builder; {@code setEpochs} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Trains for the configured epochs.
     *
     * @param trainer an initialised trainer (its model's block initialised for the input shape)
     * @param train the training set
     * @param validation evaluated after each epoch for top-1 accuracy; may be null
     * @return the history, one record per epoch
     */
    public History fit(Trainer trainer, Dataset train, Dataset validation) {
        Checks.notNull(trainer, "TrainingLoop.fit", "trainer");
        Checks.notNull(train, "TrainingLoop.fit", "train");
        EngineTuning.apply();
        History history = new History();
        for (int epoch = 1; epoch <= epochs; epoch++) {
            long t0 = System.nanoTime();
            double lossSum = 0;
            long correct = 0;
            long count = 0;
            progress.start(String.format(Locale.ROOT, "epoch %d/%d", epoch, epochs), exampleCount(train));
            for (Batch batch : iterate(trainer, train)) {
                try (Batch b = batch) {
                    TrainingStep.StepResult r = step.step(trainer, b);
                    lossSum += r.lossSum();
                    correct += r.correct();
                    count += r.count();
                }
                progress.update(count, String.format(Locale.ROOT, "loss %.4f", lossSum / Math.max(1, count)));
            }
            trainer.notifyListeners(l -> l.onEpoch(trainer));
            double valAcc = validation == null || !validationAccuracy ? Double.NaN : accuracy(trainer, validation);
            Map<String, Double> extra = new LinkedHashMap<>();
            for (Map.Entry<String, BatchMetric> e : validationMetrics.entrySet()) {
                extra.put(e.getKey(), validation == null ? Double.NaN : mean(trainer, validation, e.getValue()));
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            EpochRecord record = new EpochRecord(epoch, lossSum / Math.max(1, count),
                    count == 0 ? Double.NaN : correct / (double) count, valAcc, seconds, extra);
            for (EpochListener l : listeners) {
                l.onEpoch(record, trainer);
            }
            history.add(record);
            progress.end(String.format(Locale.ROOT, "loss %.4f train acc %.4f val acc %.4f", record.trainLoss(),
                    record.trainAccuracy(), valAcc));
            if (csvHistory != null) {
                history.writeCsv(csvHistory);
            }
            if (checkpointDir != null && (epoch % checkpointEvery == 0 || epoch == epochs)) {
                saveCheckpoint(trainer.getModel(), checkpointDir, epoch);
            }
        }
        return history;
    }

    /** Top-1 accuracy of the trainer's model on a dataset, forward in inference mode. */
    public static double accuracy(Trainer trainer, Dataset dataset) {
        Classification.Counter counter = new Classification.Counter();
        for (Batch batch : iterate(trainer, dataset)) {
            try (Batch b = batch) {
                NDList preds = trainer.evaluate(b.getData());
                counter.add(preds.head(), b.getLabels().head());
            }
        }
        return counter.accuracy();
    }

    /** The example-weighted mean of a per-batch metric over a dataset, forward in inference mode. */
    public static double mean(Trainer trainer, Dataset dataset, BatchMetric metric) {
        double sum = 0;
        long n = 0;
        for (Batch batch : iterate(trainer, dataset)) {
            try (Batch b = batch) {
                NDList preds = trainer.evaluate(b.getData());
                long size = b.getData().head().getShape().get(0);
                sum += metric.evaluate(preds, b.getLabels()) * size;
                n += size;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /** Saves the model with its epoch recorded as a property. */
    public static void saveCheckpoint(Model model, Path dir, int epoch) {
        try {
            Files.createDirectories(dir);
            model.setProperty("Epoch", String.valueOf(epoch));
            model.save(dir, model.getName());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not save a checkpoint to " + dir, e);
        }
    }

    private static Iterable<Batch> iterate(Trainer trainer, Dataset dataset) {
        try {
            return trainer.iterateDataset(dataset);
        } catch (IOException | TranslateException e) {
            throw new IllegalStateException("Could not iterate the dataset: " + e.getMessage(), e);
        }
    }

    private static long exampleCount(Dataset dataset) {
        if (dataset instanceof ai.djl.training.dataset.RandomAccessDataset r) {
            return Math.max(1, r.size());
        }
        return 1;
    }

    /** Builder for {@link TrainingLoop}. */
    public static final class Builder {
        private int epochs;
        private TrainingStep step = new StandardStep();
        private final List<EpochListener> listeners = new ArrayList<>();
        private ProgressBar progress = ProgressBar.silent();
        private Path csvHistory;
        private Path checkpointDir;
        private int checkpointEvery = 1;
        private boolean validationAccuracy = true;
        private final Map<String, BatchMetric> validationMetrics = new LinkedHashMap<>();

        private Builder() {}

        /** Sets the number of epochs. */
        public Builder setEpochs(int epochs) {
            this.epochs = Checks.positive(epochs, "TrainingLoop", "epochs");
            return this;
        }

        /** Replaces the standard step (forward, loss, backward, update). */
        public Builder optStep(TrainingStep step) {
            this.step = Checks.notNull(step, "TrainingLoop", "step");
            return this;
        }

        /** Adds a listener called after each epoch. */
        public Builder addListener(EpochListener listener) {
            listeners.add(Checks.notNull(listener, "TrainingLoop", "listener"));
            return this;
        }

        /** Sets the progress bar (default silent). */
        public Builder optProgress(ProgressBar progress) {
            this.progress = Checks.notNull(progress, "TrainingLoop", "progress");
            return this;
        }

        /** Writes the history as CSV to this file after every epoch. */
        public Builder optCsvHistory(Path file) {
            this.csvHistory = file;
            return this;
        }

        /** Saves the model to {@code dir} every {@code every} epochs and after the last. */
        public Builder optCheckpoints(Path dir, int every) {
            this.checkpointDir = Checks.notNull(dir, "TrainingLoop", "checkpoint folder");
            this.checkpointEvery = Checks.positive(every, "TrainingLoop", "checkpoint interval");
            return this;
        }

        /**
         * Whether to compute top-1 validation accuracy (default true; turn it off for models that are not
         * classifiers, whose record then holds NaN).
         */
        public Builder optValidationAccuracy(boolean on) {
            this.validationAccuracy = on;
            return this;
        }

        /** Adds a validation metric, reported under {@code name} in each record's {@code extra()}. */
        public Builder addValidationMetric(String name, BatchMetric metric) {
            Checks.check(name != null && !name.isBlank(), "TrainingLoop", "a metric name", name);
            validationMetrics.put(name, Checks.notNull(metric, "TrainingLoop", "a metric"));
            return this;
        }

        /** Builds the loop. */
        public TrainingLoop build() {
            Checks.check(epochs > 0, "TrainingLoop", "setEpochs(n) with n > 0", epochs);
            return new TrainingLoop(this);
        }
    }
}
