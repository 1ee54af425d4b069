package dev.ltx.nn.data;

import java.util.Arrays;

/**
 * Class subsets with relabelling: keeps the examples whose label is one of the given classes
 * and renumbers them 0..k-1 in the order the classes are listed.
 */
public final class ClassSubset {
    private static final int[][] CIFAR100_SPLITS = {
        {1, 14, 23, 30, 52, 55, 60, 85, 95, 98},
        {5, 12, 15, 18, 41, 82, 89, 90, 93, 96},
        {6, 16, 20, 22, 24, 45, 46, 61, 78, 84},
        {8, 28, 37, 64, 65, 73, 75, 76, 80, 94},
        {33, 36, 39, 47, 51, 53, 54, 72, 83, 87},
    };

    private ClassSubset() {
    }

    /**
     * The paper's 10-class CIFAR-100 splits (fine labels); split 1 ({@code cifar100_split1}:
     * aquarium_fish, butterfly, cloud, dolphin, oak_tree, otter, plain, tank, whale, woman) is the
     * one its experiments use.
     *
     * @param split 1..5
     */
    public static int[] cifar100Split(int split) {
        if (split < 1 || split > CIFAR100_SPLITS.length) {
            throw new IllegalArgumentException("CIFAR-100 split must be 1.." + CIFAR100_SPLITS.length + ", got " + split);
        }
        return CIFAR100_SPLITS[split - 1].clone();
    }

    /**
     * The examples of {@code data} whose label is in {@code classes}, in their original order,
     * with label {@code classes[j]} renamed {@code j}.
     *
     * @throws IllegalArgumentException when a class is repeated or not a label of {@code data}
     */
    public static Dataset select(Dataset data, int[] classes) {
        if (classes.length == 0) throw new IllegalArgumentException("class subset must not be empty");
        int[] newLabel = new int[data.numClasses()];
        Arrays.fill(newLabel, -1);
        for (int j = 0; j < classes.length; j++) {
            int c = classes[j];
            if (c < 0 || c >= data.numClasses()) {
                throw new IllegalArgumentException("class " + c + " is outside [0, " + data.numClasses() + ") of "
                        + data.name());
            }
            if (newLabel[c] >= 0) {
                throw new IllegalArgumentException("class " + c + " appears twice in " + Arrays.toString(classes));
            }
            newLabel[c] = j;
        }
        int count = 0;
        for (int i = 0; i < data.size(); i++) {
            if (newLabel[data.label(i)] >= 0) count++;
        }
        int[] indices = new int[count];
        int[] labels = new int[count];
        int k = 0;
        for (int i = 0; i < data.size(); i++) {
            int l = newLabel[data.label(i)];
            if (l >= 0) {
                indices[k] = i;
                labels[k++] = l;
            }
        }
        String name = data.name() + "-classes" + Arrays.toString(classes).replace(" ", "");
        return data.subset(name, indices).withLabels(name, labels, classes.length);
    }
}
