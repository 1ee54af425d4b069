package dev.ltx.nn.optim;

import java.util.ArrayList;
import java.util.List;

/**
 * A learning-rate schedule: a pure function of the 0-based epoch and the 0-based global optimizer
 * step (counted from the start of training, across epochs).
 *
 * <p>Per-epoch schedules ({@link #perStep()} false) are applied once before each epoch's training,
 * as the reference's {@code CustomCosineLR} is; per-step ones before every optimizer step.
 * {@link #apply} does either. Schedules are values (records); {@link #parse} and {@link #spec()} convert
 * them from and to text at the command-line boundary only.
 */
public sealed interface LrSchedule
        permits LrSchedule.Constant, LrSchedule.WarmupCosine, LrSchedule.LinearWarmup, LrSchedule.MultiStep {

    /** The learning rate for training {@code epoch} at global step {@code step}. */
    double lr(int epoch, long step);

    /** Whether the value can change within an epoch (then it must be applied before every step). */
    boolean perStep();

    /** The text form read by {@link #parse}: {@code parse(s.spec()).equals(s)}. */
    String spec();

    /** Sets {@code optimizer}'s learning rate to {@code lr(epoch, step)}. */
    default void apply(Optimizer optimizer, int epoch, long step) {
        optimizer.setLearningRate(lr(epoch, step));
    }

    /**
     * Reads a schedule from its text form (CLI and config files):
     * <ul>
     *   <li>{@code constant:lr=0.01}</li>
     *   <li>{@code cosine:lr=0.1,epochs=100,warmup=5} ({@code warmup} optional, default 0)</li>
     *   <li>{@code multistep:lr=0.1,milestones=30/60/90,gamma=0.1}</li>
     *   <li>{@code linear-warmup:steps=500 then <schedule>}</li>
     * </ul>
     * Malformed text throws {@link IllegalArgumentException} naming the problem.
     */
    static LrSchedule parse(String spec) {
        return LrScheduleParser.parse(spec);
    }

    /** The same learning rate at every epoch and step. */
    record Constant(double lr) implements LrSchedule {
        public Constant {
            ParamList.checkLr(lr);
        }

        @Override
        public double lr(int epoch, long step) {
            LrScheduleParser.checkTime(epoch, step);
            return lr;
        }

        @Override
        public boolean perStep() {
            return false;
        }

        @Override
        public String spec() {
            return "constant:lr=" + lr;
        }
    }

    /**
     * The reference's per-epoch {@code CustomCosineLR} (reference.md §9): for epoch {@code e} of
     * {@code epochs} with {@code warmupEpochs} = W,
     * {@code lr0·(e+1)/W} while {@code e < W}, then {@code lr0·½·(1 + cos(π·(e−W)/(epochs−W)))}. The
     * first epoch after warmup uses lr0 and the last a small positive value. Epochs outside
     * {@code [0, epochs)} throw.
     */
    record WarmupCosine(double lr0, int warmupEpochs, int epochs) implements LrSchedule {
        public WarmupCosine {
            ParamList.checkLr(lr0);
            if (warmupEpochs < 0 || epochs <= warmupEpochs) {
                throw new IllegalArgumentException("cosine schedule needs 0 <= warmup < epochs, got warmup "
                        + warmupEpochs + ", epochs " + epochs);
            }
        }

        /** Cosine annealing over {@code epochs} with no warmup. */
        public static WarmupCosine of(double lr0, int epochs) {
            return new WarmupCosine(lr0, 0, epochs);
        }

        @Override
        public double lr(int epoch, long step) {
            LrScheduleParser.checkTime(epoch, step);
            if (epoch >= epochs) {
                throw new IllegalArgumentException("epoch " + epoch + " is past the cosine schedule's " + epochs + " epochs");
            }
            if (epoch < warmupEpochs) {
                return lr0 * (epoch + 1) / warmupEpochs;
            }
            double progress = (double) (epoch - warmupEpochs) / (epochs - warmupEpochs);
            return lr0 * 0.5 * (1.0 + Math.cos(Math.PI * progress));
        }

        @Override
        public boolean perStep() {
            return false;
        }

        @Override
        public String spec() {
            return "cosine:lr=" + lr0 + ",epochs=" + epochs + ",warmup=" + warmupEpochs;
        }
    }

    /**
     * Linear warmup over the first {@code warmupSteps} optimizer steps in front of another schedule:
     * {@code after.lr(epoch, step) · min(1, (step + 1) / warmupSteps)}, so step 0 uses
     * {@code 1/warmupSteps} of the rate and step {@code warmupSteps − 1} onwards all of it.
     */
    record LinearWarmup(long warmupSteps, LrSchedule after) implements LrSchedule {
        public LinearWarmup {
            if (warmupSteps < 1) {
                throw new IllegalArgumentException("linear warmup needs at least 1 step, got " + warmupSteps);
            }
            if (after == null) {
                throw new IllegalArgumentException("linear warmup needs a schedule to warm up into");
            }
        }

        @Override
        public double lr(int epoch, long step) {
            double base = after.lr(epoch, step);
            return step + 1 >= warmupSteps ? base : base * (step + 1) / warmupSteps;
        }

        @Override
        public boolean perStep() {
            return true;
        }

        @Override
        public String spec() {
            return "linear-warmup:steps=" + warmupSteps + " then " + after.spec();
        }
    }

    /**
     * {@code lr0 · gamma^k} where k is the number of milestones {@code <= epoch} (PyTorch's
     * {@code MultiStepLR} stepped per epoch). Milestones are strictly increasing positive epochs.
     */
    record MultiStep(double lr0, List<Integer> milestones, double gamma) implements LrSchedule {
        public MultiStep {
            ParamList.checkLr(lr0);
            milestones = List.copyOf(milestones);
            int previous = 0;
            for (int m : milestones) {
                if (m <= previous) {
                    throw new IllegalArgumentException("milestones must be strictly increasing positive epochs, got "
                            + milestones);
                }
                previous = m;
            }
            if (!(gamma > 0.0) || Double.isInfinite(gamma)) {
                throw new IllegalArgumentException("multistep gamma must be finite and > 0, got " + gamma);
            }
        }

        @Override
        public double lr(int epoch, long step) {
            LrScheduleParser.checkTime(epoch, step);
            double lr = lr0;
            for (int m : milestones) {
                if (epoch >= m) {
                    lr *= gamma;
                }
            }
            return lr;
        }

        @Override
        public boolean perStep() {
            return false;
        }

        @Override
        public String spec() {
            List<String> parts = new ArrayList<>();
            for (int m : milestones) {
                parts.add(Integer.toString(m));
            }
            return "multistep:lr=" + lr0 + ",milestones=" + String.join("/", parts) + ",gamma=" + gamma;
        }
    }
}
