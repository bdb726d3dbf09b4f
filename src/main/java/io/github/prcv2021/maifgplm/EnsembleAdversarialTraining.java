package io.github.prcv2021.maifgplm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import io.github.prcv2021.attacks.AttackTarget;
import io.github.prcv2021.attacks.Fgsm;
import io.github.prcv2021.core.Checks;
import io.github.prcv2021.train.AugmentedStep;
import io.github.prcv2021.train.StandardStep;
import io.github.prcv2021.train.TrainingStep;
import java.util.List;
import java.util.Random;

/**
 * Ensemble adversarial training (Tramèr et al., ICLR 2018), the defence behind the paper's black-box
 * targets Inc-v3<sub>ens3</sub>, Inc-v3<sub>ens4</sub> and IncRes-v2<sub>ens</sub>: in every batch half
 * of the examples are replaced by FGSM examples (radius ε) crafted on a source drawn uniformly from
 * the model being trained and a set of static, pre-trained models, so that the model learns robustness
 * to perturbations that transfer from other models. The static models are attacked in inference mode,
 * the trained model in training mode; the mixed batch then takes an ordinary {@link StandardStep}.
 *
 * <p>The reference used FGSM-type single-step attacks on ImageNet (Step-LL variants); FGSM on the true
 * label is the untargeted analogue used here.
 */
public final class EnsembleAdversarialTraining implements TrainingStep {

    private final Fgsm fgsm;
    private final List<AttackTarget> staticModels;
    private final Random random;
    private final StandardStep standard = new StandardStep();

    /**
     * A step.
     *
     * @param epsilon the FGSM radius on the pixel scale of the data
     * @param staticModels the pre-trained static sources (inference mode); may be empty
     * @param seed seed of the source draws
     */
    public EnsembleAdversarialTraining(float epsilon, List<AttackTarget> staticModels, long seed) {
        Checks.positive(epsilon, "EnsembleAdversarialTraining", "epsilon");
        this.fgsm = Fgsm.builder().setEpsilon(epsilon).build();
        this.staticModels = List.copyOf(Checks.notNull(staticModels, "EnsembleAdversarialTraining", "staticModels"));
        for (AttackTarget t : this.staticModels) {
            Checks.check(!t.isTraining(), "EnsembleAdversarialTraining", "static models in inference mode",
                    "a target in training mode");
        }
        this.random = new Random(seed);
    }

    @Override
    public StepResult step(Trainer trainer, Batch batch) {
        NDArray x = batch.getData().head();
        NDArray y = batch.getLabels().head();
        long n = x.getShape().get(0);
        long half = n / 2;
        if (half == 0) {
            return standard.step(trainer, batch);
        }
        int source = random.nextInt(staticModels.size() + 1);
        AttackTarget target = source == staticModels.size() ? AttackTarget.training(trainer) : staticModels.get(source);
        NDIndex tail = new NDIndex("{}:", n - half);
        NDArray adv = fgsm.perturb(target, x.get(tail), y.get(tail));
        NDArray input = NDArrays.concat(new NDList(x.get(new NDIndex(":{}", n - half)), adv));
        adv.close();
        return standard.step(trainer, AugmentedStep.withInput(batch, input));
    }
}
