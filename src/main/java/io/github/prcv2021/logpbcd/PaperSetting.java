package io.github.prcv2021.logpbcd;

/**
 * The hyperparameters Xie, Li, Zhao (PRCV 2021) report per dataset (Sect. 4.1-4.3). γ, α and β are
 * not given in the paper; see the builders for their defaults.
 */
public enum PaperSetting {
    /** Sect. 4.1: λ = 3e-6, ε = 1e-3, ρ = 1.7, δ = 1; "SGD" learning rate 0.1 (Sect. 4.2). */
    MNIST(3e-6, 1e-3, 1.7, 1.0, 0.1),
    /** Sect. 4.3: λ = 1e-7, ε = 1e-4, ρ = 1, δ unchanged (1); "SGD" learning rate 0.3. */
    FASHION_MNIST(1e-7, 1e-4, 1.0, 1.0, 0.3);

    private final double lambda;
    private final double epsilon;
    private final double rho;
    private final double delta;
    private final double sgdLearningRate;

    PaperSetting(double lambda, double epsilon, double rho, double delta, double sgdLearningRate) {
        this.lambda = lambda;
        this.epsilon = epsilon;
        this.rho = rho;
        this.delta = delta;
        this.sgdLearningRate = sgdLearningRate;
    }

    /** λ, the weight of the log regulariser. */
    public double lambda() {
        return lambda;
    }

    /** ε of {@code log(1 + |a|/ε)}. */
    public double epsilon() {
        return epsilon;
    }

    /** ρ, the weight of the hidden layers' linear-fit terms. */
    public double rho() {
        return rho;
    }

    /** δ, the proximal weight. */
    public double delta() {
        return delta;
    }

    /** The learning rate of the paper's full-batch "SGD" baseline. */
    public double sgdLearningRate() {
        return sgdLearningRate;
    }
}
