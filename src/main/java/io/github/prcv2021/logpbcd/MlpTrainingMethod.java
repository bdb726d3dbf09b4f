package io.github.prcv2021.logpbcd;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.SequentialBlock;
import java.util.ArrayList;
import java.util.List;

/**
 * A full-batch training method for a ReLU MLP, the common contract of the five methods compared in
 * Xie, Li, Zhao (PRCV 2021) Table 1: {@link LogPbcdTrainer LOG-PBCD}, proximal BCD
 * ({@link LogPbcdTrainer#proximalBcdBuilder()}), {@link AdmmTrainer ADMM and LOG-ADMM}, and
 * {@link GradientDescentTrainer full-batch gradient descent}, so that a reproduction can loop over
 * them.
 *
 * <p>Data contract: columns are samples. The inputs {@code x} are {@code d0 × M}, the labels a one-hot
 * {@code K × M} matrix of the same floating-point type. The arrays stay owned by the caller; the
 * method's own state lives in a sub-manager of {@code x}'s manager and is freed by {@link #close()}.
 */
public interface MlpTrainingMethod extends AutoCloseable {

    /**
     * The method's name as in the paper's Table 1.
     *
     * @return "LOG-PBCD", "proximal BCD", "ADMM", "LOG-ADMM", "SGD", or a name set by the builder
     */
    String name();

    /**
     * The layer widths.
     *
     * @return a copy of {@code d0, d1, ..., dL}
     */
    int[] layerSizes();

    /**
     * Initialises the method on the training data (discarding any earlier state).
     *
     * @param x inputs, {@code d0 × M}
     * @param yOneHot one-hot labels, {@code K × M}
     * @throws IllegalArgumentException for shapes, types or values that do not fit
     */
    void initialize(NDArray x, NDArray yOneHot);

    /**
     * Whether the method holds a state.
     *
     * @return true after {@link #initialize(NDArray, NDArray)} and before {@link #close()}
     */
    boolean isInitialized();

    /**
     * Runs one iteration over the full batch and notifies the listeners.
     *
     * @return the iteration's record
     * @throws IllegalStateException before {@link #initialize(NDArray, NDArray)}
     */
    IterationRecord iterate();

    /**
     * Initialises on {@code (x, yOneHot)} and runs {@code iterations} iterations.
     *
     * @param x inputs, {@code d0 × M}
     * @param yOneHot one-hot labels, {@code K × M}
     * @param iterations the number of iterations, {@code > 0}
     * @return the records of all iterations
     */
    default List<IterationRecord> fit(NDArray x, NDArray yOneHot, int iterations) {
        io.github.prcv2021.core.Checks.positive(iterations, name() + ".fit", "iterations");
        initialize(x, yOneHot);
        List<IterationRecord> history = new ArrayList<>(iterations);
        for (int i = 0; i < iterations; i++) {
            history.add(iterate());
        }
        return history;
    }

    /**
     * The number of iterations run since the last initialisation.
     *
     * @return the iteration count
     */
    int iteration();

    /**
     * Adds a listener called after each iteration.
     *
     * @param listener the listener
     */
    void addListener(IterationListener listener);

    /**
     * Network outputs of a plain forward pass, {@code W_L relu(... relu(W_1 x + b_1) ...) + b_L}.
     *
     * @param x inputs, {@code d0 × N}
     * @return scores, {@code K × N}, owned by {@code x}'s manager
     */
    NDArray scores(NDArray x);

    /**
     * Predicted classes of a plain forward pass.
     *
     * @param x inputs, {@code d0 × N}
     * @return class indices (int64), length {@code N}, owned by {@code x}'s manager
     */
    NDArray predict(NDArray x);

    /**
     * Top-1 accuracy of a plain forward pass.
     *
     * @param x inputs, {@code d0 × N}
     * @param labels class indices of length {@code N} (any numeric type) or a one-hot {@code K × N}
     * @return the fraction of correct predictions
     */
    double accuracy(NDArray x, NDArray labels);

    /**
     * The paper's "sparsity of activations": the fraction of exactly-zero entries of the hidden
     * activations {@code A_l} on the training data, for {@code 1 ≤ layer ≤ L−1}. For the splitting
     * methods {@code A_l} is the method's own activation variable; for gradient descent it is
     * {@code relu(Z_l)} of a forward pass.
     *
     * @param layer the hidden layer, 1-based
     * @return zero entries / all entries
     */
    double activationSparsity(int layer);

    /**
     * A DJL block holding the learned weights: {@code Linear(d1), ReLU, ..., Linear(dL)}. It takes
     * DJL's row layout, {@code (N, d0)} in and {@code (N, K)} out, and saves and loads through
     * {@code Model.save/load}; its parameters are copies owned by the manager that owns the training
     * data.
     *
     * @return the initialised block
     */
    SequentialBlock toBlock();

    /** Frees the method's state. */
    @Override
    void close();
}
