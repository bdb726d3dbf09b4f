package io.github.prcv2021.invics;

import ai.djl.nn.Block;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;

/**
 * A block whose forward map is a bijection with a closed-form inverse: {@code inverse(forward(u)) = u}.
 * Every recovery phase of InvICS is one (Section 3.3 of the paper); the side inputs a block needs (the
 * measurements y and the sampling matrix Φ of the gradient step) are passed after the state in both
 * directions.
 */
public interface InvertibleBlock extends Block {

    /**
     * The inverse map.
     *
     * @param parameterStore the parameters (read in inference mode; the inverse is not differentiated)
     * @param outputs the forward map's outputs followed by the same side inputs as the forward call
     * @return the forward map's inputs (without the side inputs)
     */
    NDList inverse(ParameterStore parameterStore, NDList outputs);
}
