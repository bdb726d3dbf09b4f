package io.github.prcv2021.hybridhgcn;

import io.github.prcv2021.core.Checks;
import io.github.prcv2021.core.Seeds;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * A seeded, class-stratified choice of the labelled vertices {@code V_L} of a transductive run; every
 * other vertex is a test vertex.
 *
 * @param labelled true for the vertices in {@code V_L}
 */
public record LabelSplit(boolean[] labelled) {

    /** {@code perClass} labelled vertices of each class (HyperGCN's class-balanced split, Table 3). */
    public static LabelSplit perClass(int[] labels, int numClasses, int perClass, long seed) {
        String who = "LabelSplit.perClass";
        Checks.positive(perClass, who, "perClass");
        int[] quota = new int[numClasses];
        Arrays.fill(quota, perClass);
        return pick(labels, numClasses, quota, seed, who);
    }

    /**
     * A fraction {@code rate} of the vertices, stratified by class (each class contributes
     * {@code round(rate · n_c)}, at least one), as in the label-rate sweep of Tables 4–6.
     */
    public static LabelSplit rate(int[] labels, int numClasses, double rate, long seed) {
        String who = "LabelSplit.rate";
        Checks.check(rate > 0 && rate < 1, who, "a label rate in (0, 1)", rate);
        int[] count = new int[numClasses];
        for (int y : labels) {
            Checks.check(y >= 0 && y < numClasses, who, "labels in [0, " + numClasses + ")", y);
            count[y]++;
        }
        int[] quota = new int[numClasses];
        for (int c = 0; c < numClasses; c++) {
            quota[c] = Math.max(1, (int) Math.round(rate * count[c]));
        }
        return pick(labels, numClasses, quota, seed, who);
    }

    private static LabelSplit pick(int[] labels, int numClasses, int[] quota, long seed, String who) {
        Checks.notNull(labels, who, "labels");
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < numClasses; c++) {
            byClass.add(new ArrayList<>());
        }
        for (int i = 0; i < labels.length; i++) {
            Checks.check(labels[i] >= 0 && labels[i] < numClasses, who, "labels in [0, " + numClasses + ")", labels[i]);
            byClass.get(labels[i]).add(i);
        }
        boolean[] mask = new boolean[labels.length];
        Random r = new Random(Seeds.derive(seed, "label-split"));
        for (int c = 0; c < numClasses; c++) {
            List<Integer> members = byClass.get(c);
            Checks.check(members.size() > quota[c], who, "more than " + quota[c] + " vertices in class " + c,
                    members.size());
            int[] p = Seeds.permutation(members.size(), r);
            for (int i = 0; i < quota[c]; i++) {
                mask[members.get(p[i])] = true;
            }
        }
        return new LabelSplit(mask);
    }

    /** The training labels: the class where labelled, −1 elsewhere. */
    public int[] trainingLabels(int[] labels) {
        Checks.check(labels.length == labelled.length, "LabelSplit.trainingLabels", labelled.length + " labels", labels.length);
        int[] out = new int[labels.length];
        for (int i = 0; i < labels.length; i++) {
            out[i] = labelled[i] ? labels[i] : -1;
        }
        return out;
    }

    /** The test mask: every vertex that is not labelled. */
    public boolean[] test() {
        boolean[] t = new boolean[labelled.length];
        for (int i = 0; i < t.length; i++) {
            t[i] = !labelled[i];
        }
        return t;
    }

    /** Number of labelled vertices. */
    public int count() {
        int c = 0;
        for (boolean b : labelled) {
            c += b ? 1 : 0;
        }
        return c;
    }
}
