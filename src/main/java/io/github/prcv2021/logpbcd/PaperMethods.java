package io.github.prcv2021.logpbcd;

import io.github.prcv2021.core.Checks;
import java.util.List;

/** The five training methods of the paper's Table 1, configured for one of its settings. */
public final class PaperMethods {

    private PaperMethods() {}

    /**
     * The methods of Table 1 in its row order: "SGD" (full-batch gradient descent with the setting's
     * learning rate), proximal BCD (λ = 0, the setting's ρ and δ), ADMM and LOG-ADMM (Taylor et al.'s
     * defaults, see {@link AdmmTrainer}), and LOG-PBCD (the setting's λ, ε, ρ, δ). All share the
     * layer sizes and the seed; the caller closes them.
     *
     * @param setting the paper's MNIST or Fashion-MNIST setting
     * @param seed the initialisation seed of every method
     * @param layerSizes {@code d0, ..., dL}; the paper uses 784-500-500-10
     * @return five new, uninitialised methods
     */
    public static List<MlpTrainingMethod> table1(PaperSetting setting, long seed, int... layerSizes) {
        Checks.notNull(setting, "PaperMethods.table1", "a paper setting");
        return List.of(
                GradientDescentTrainer.builder().optPaperSetting(setting).optLayerSizes(layerSizes).optSeed(seed)
                        .build(),
                LogPbcdTrainer.proximalBcdBuilder().optRho(setting.rho()).optDelta(setting.delta())
                        .optLayerSizes(layerSizes).optSeed(seed).build(),
                AdmmTrainer.builder().optLayerSizes(layerSizes).optSeed(seed).build(),
                AdmmTrainer.logAdmmBuilder().optLayerSizes(layerSizes).optSeed(seed).build(),
                LogPbcdTrainer.builder().optPaperSetting(setting).optLayerSizes(layerSizes).optSeed(seed).build());
    }
}
