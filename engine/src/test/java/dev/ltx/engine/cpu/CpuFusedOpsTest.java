package dev.ltx.engine.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ltx.engine.AdamWUpdate;
import dev.ltx.engine.Backend;
import dev.ltx.engine.BinaryOp;
import dev.ltx.engine.Compare;
import dev.ltx.engine.DType;
import dev.ltx.engine.Rng;
import dev.ltx.engine.SgdUpdate;
import dev.ltx.engine.Shape;
import dev.ltx.engine.Tensor;
import dev.ltx.engine.UnaryOp;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The fused ops of optimizers and learning transfer on the CPU backends (their defaults in
 * {@code GenericFusedOps}): against double evaluations of PyTorch's update rules and of the
 * matching cost, and, bit for bit, against the per-tensor op sequences the optimizers ran before
 * these ops existed (the MNIST reproduction is deterministic to the last digit and must stay so).
 */
class CpuFusedOpsTest {
    private static final CpuBackend REF = CpuBackend.reference();
    private static final CpuBackend FAST = new CpuBackend(CpuBackend.Mode.FAST, 2);
    private static final Backend[] ALL = {REF, FAST};
    /** Group sizes: an empty tensor, one element, and sizes that are not multiples of a vector. */
    private static final int[] SIZES = {37, 0, 1, 300};
    private static final double EPS = Math.ulp(1.0f);
    private static final int STEPS = 3;

    @AfterAll
    static void close() {
        FAST.close();
    }

    private static List<Tensor> uniform(Backend b, Rng r, DType dtype) {
        List<Tensor> out = new ArrayList<>();
        for (int n : SIZES) {
            double[] v = new double[n];
            for (int i = 0; i < n; i++) v[i] = 2 * r.nextDouble() - 1;
            out.add(b.cast(b.fromDoubles(v, Shape.of(n)), dtype));
        }
        return out;
    }

    private static List<Tensor> zeros(Backend b, DType dtype) {
        List<Tensor> out = new ArrayList<>();
        for (int n : SIZES) out.add(b.zeros(Shape.of(n), dtype));
        return out;
    }

    private static List<Tensor> copies(Backend b, List<Tensor> ts) {
        List<Tensor> out = new ArrayList<>();
        for (Tensor t : ts) out.add(b.copy(t));
        return out;
    }

    private static final SgdUpdate[] SGD = {
        new SgdUpdate(0.1, 0.9, 0.0, 1e-2, true),
        new SgdUpdate(0.1, 0.9, 0.1, 5e-4, false),
        new SgdUpdate(0.1, 0.9, 1.0, 1e-2, false),
        new SgdUpdate(0.1, 0.0, 0.0, 1e-3, false),
    };

    @Test
    void sgdGroupFollowsPyTorchAndIsBitForBitTheAxpbySequence() {
        for (Backend b : ALL) {
            for (DType dtype : new DType[] {DType.F32, DType.F64}) {
                for (SgdUpdate u : SGD) {
                    String label = b.name() + " " + dtype + " " + u;
                    Rng r = new Rng(7);
                    List<Tensor> p = uniform(b, r, dtype);
                    List<Tensor> seq = copies(b, p);
                    List<Tensor> buf = zeros(b, dtype);
                    List<Tensor> seqBuf = new ArrayList<>();
                    List<double[]> oracleP = new ArrayList<>();
                    List<double[]> oracleBuf = new ArrayList<>();
                    for (Tensor t : p) {
                        oracleP.add(t.toDoubles());
                        oracleBuf.add(new double[t.numel()]);
                    }
                    for (int step = 0; step < STEPS; step++) {
                        List<Tensor> g = uniform(b, r, dtype);
                        b.sgdStep(u, p, g, u.momentum() != 0 ? buf : null, step == 0);
                        for (int k = 0; k < SIZES.length; k++) {
                            if (step == 0) seqBuf.add(null);
                            seqBuf.set(k, previousSgd(b, u, seq.get(k), g.get(k), seqBuf.get(k)));
                            oracleSgd(u, oracleP.get(k), oracleBuf.get(k), g.get(k).toDoubles(), step == 0);
                        }
                    }
                    double tol = dtype == DType.F32 ? 30 * EPS : 1e-13;
                    for (int k = 0; k < SIZES.length; k++) {
                        assertArrayEquals(seq.get(k).toDoubles(), p.get(k).toDoubles(), label + " tensor " + k);
                        assertClose(oracleP.get(k), p.get(k), tol, label + " tensor " + k);
                        if (u.momentum() != 0) {
                            assertArrayEquals(seqBuf.get(k).toDoubles(), buf.get(k).toDoubles(), label + " buffer " + k);
                            assertClose(oracleBuf.get(k), buf.get(k), tol, label + " buffer " + k);
                        }
                    }
                }
            }
        }
    }

    /** The per-parameter update {@code Sgd} ran before the group op (its code, verbatim in effect). */
    private static Tensor previousSgd(Backend b, SgdUpdate u, Tensor p, Tensor g, Tensor buf) {
        double lr = u.lr();
        double wd = u.weightDecay();
        double momentum = u.momentum();
        if (momentum == 0.0) {
            if (wd != 0.0) b.axpby(-lr * wd, p, 1.0, p);
            b.axpby(-lr, g, 1.0, p);
            return null;
        }
        if (buf == null) {
            buf = b.copy(g);
            if (wd != 0.0) b.axpby(wd, p, 1.0, buf);
        } else {
            double keep = 1.0 - u.dampening();
            b.axpby(keep, g, momentum, buf);
            if (wd != 0.0 && keep != 0.0) b.axpby(keep * wd, p, 1.0, buf);
        }
        if (u.nesterov()) {
            if (wd != 0.0) b.axpby(-lr * wd, p, 1.0, p);
            b.axpby(-lr, g, 1.0, p);
            b.axpby(-lr * momentum, buf, 1.0, p);
        } else {
            b.axpby(-lr, buf, 1.0, p);
        }
        return buf;
    }

    /** PyTorch's torch.optim.SGD step in double. */
    private static void oracleSgd(SgdUpdate u, double[] p, double[] buf, double[] g, boolean first) {
        for (int i = 0; i < p.length; i++) {
            double d = g[i] + u.weightDecay() * p[i];
            if (u.momentum() != 0) {
                buf[i] = first ? d : u.momentum() * buf[i] + (1 - u.dampening()) * d;
                d = u.nesterov() ? d + u.momentum() * buf[i] : buf[i];
            }
            p[i] -= u.lr() * d;
        }
    }

    @Test
    void adamwGroupFollowsPyTorchAndIsBitForBitTheOpSequence() {
        AdamWUpdate u = new AdamWUpdate(1e-2, 0.9, 0.999, 1e-8, 1e-2);
        for (Backend b : ALL) {
            for (DType dtype : new DType[] {DType.F32, DType.F64}) {
                String label = b.name() + " " + dtype;
                Rng r = new Rng(11);
                List<Tensor> p = uniform(b, r, dtype);
                List<Tensor> seq = copies(b, p);
                List<Tensor> m = zeros(b, dtype);
                List<Tensor> v = zeros(b, dtype);
                List<Tensor> seqM = zeros(b, dtype);
                List<Tensor> seqV = zeros(b, dtype);
                List<double[]> oracle = new ArrayList<>();
                List<double[]> om = new ArrayList<>();
                List<double[]> ov = new ArrayList<>();
                for (Tensor t : p) {
                    oracle.add(t.toDoubles());
                    om.add(new double[t.numel()]);
                    ov.add(new double[t.numel()]);
                }
                for (int t = 1; t <= STEPS; t++) {
                    List<Tensor> g = uniform(b, r, dtype);
                    b.adamwStep(u, t, p, g, m, v);
                    for (int k = 0; k < SIZES.length; k++) {
                        previousAdamW(b, u, t, seq.get(k), g.get(k), seqM.get(k), seqV.get(k));
                        double[] gd = g.get(k).toDoubles();
                        double bc1 = 1 - Math.pow(u.beta1(), t);
                        double bc2 = 1 - Math.pow(u.beta2(), t);
                        for (int i = 0; i < gd.length; i++) {
                            oracle.get(k)[i] *= 1 - u.lr() * u.weightDecay();
                            om.get(k)[i] = u.beta1() * om.get(k)[i] + (1 - u.beta1()) * gd[i];
                            ov.get(k)[i] = u.beta2() * ov.get(k)[i] + (1 - u.beta2()) * gd[i] * gd[i];
                            oracle.get(k)[i] -= u.lr() / bc1 * om.get(k)[i] / (Math.sqrt(ov.get(k)[i]) / Math.sqrt(bc2)
                                    + u.eps());
                        }
                    }
                }
                double tol = dtype == DType.F32 ? 60 * EPS : 1e-12;
                for (int k = 0; k < SIZES.length; k++) {
                    assertArrayEquals(seq.get(k).toDoubles(), p.get(k).toDoubles(), label + " tensor " + k);
                    assertArrayEquals(seqM.get(k).toDoubles(), m.get(k).toDoubles(), label + " exp_avg " + k);
                    assertArrayEquals(seqV.get(k).toDoubles(), v.get(k).toDoubles(), label + " exp_avg_sq " + k);
                    assertClose(oracle.get(k), p.get(k), tol, label + " tensor " + k);
                    assertClose(om.get(k), m.get(k), tol, label + " exp_avg " + k);
                    assertClose(ov.get(k), v.get(k), tol, label + " exp_avg_sq " + k);
                }
            }
        }
    }

    /** The per-parameter update {@code AdamW} ran before the group op. */
    private static void previousAdamW(Backend b, AdamWUpdate u, long t, Tensor p, Tensor g, Tensor m, Tensor v) {
        b.axpby(1.0 - u.beta1(), g, u.beta1(), m);
        b.axpby(1.0 - u.beta2(), b.unary(UnaryOp.SQUARE, g), u.beta2(), v);
        double bc1 = 1.0 - Math.pow(u.beta1(), t);
        double c = Math.sqrt(1.0 - Math.pow(u.beta2(), t));
        Tensor ratio = b.binary(BinaryOp.DIV, m, b.addScalar(b.unary(UnaryOp.SQRT, v), u.eps() * c));
        b.axpby(-(u.lr() * c / bc1), ratio, 1.0 - u.lr() * u.weightDecay(), p);
    }

    private static void assertClose(double[] want, Tensor got, double tol, String what) {
        Compare.Result r = Compare.arrays(want, got.toDoubles(), tol, 0);
        assertTrue(r.ok(), what + ": " + r);
    }

    @Test
    void groupOpsNameWhatDoesNotFit() {
        List<Tensor> p = List.of(REF.zeros(Shape.of(3), DType.F32), REF.zeros(Shape.of(2), DType.F32));
        List<Tensor> g = List.of(REF.zeros(Shape.of(3), DType.F32), REF.zeros(Shape.of(4), DType.F32));
        SgdUpdate u = new SgdUpdate(0.1, 0.9, 0, 0, false);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> REF.sgdStep(u, p, g, p, false));
        assertTrue(e.getMessage().contains("grads 1") && e.getMessage().contains("(4,)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> REF.sgdStep(u, p, p, null, true));
        assertTrue(e.getMessage().contains("momentum buffers"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> REF.adamwStep(
                new AdamWUpdate(0.1, 0.9, 0.999, 1e-8, 0), 0, p, p, p, p));
        assertTrue(e.getMessage().contains("step must be >= 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new SgdUpdate(Double.NaN, 0, 0, 0, false));
        assertThrows(IllegalArgumentException.class, () -> new AdamWUpdate(0.1, 1.0, 0.9, 1e-8, 0));
    }

    @Test
    void applyPermutationsIsTheAxisByAxisGather() {
        Rng r = new Rng(3);
        Shape s = Shape.of(5, 4, 3, 2);
        double[] v = new double[s.numel()];
        for (int i = 0; i < v.length; i++) v[i] = r.nextGaussian();
        int[][][] cases = {
            {r.permutation(5), r.permutation(4), null, null},
            {null, r.permutation(4), null, r.permutation(2)},
            {r.permutation(5), null, r.permutation(3), null},
            {null, null, null, null},
        };
        for (Backend b : ALL) {
            for (DType dtype : new DType[] {DType.F32, DType.F64}) {
                Tensor x = b.cast(b.fromDoubles(v, s), dtype);
                for (int[][] perms : cases) {
                    Tensor want = x;
                    for (int a = 0; a < perms.length; a++) {
                        if (perms[a] != null) want = b.indexSelect(want, a, b.fromInts(perms[a], Shape.of(perms[a].length)));
                    }
                    Tensor got = b.applyPermutations(x, perms);
                    assertNotSame(x, got, "always a new tensor");
                    assertEquals(s, got.shape());
                    assertArrayEquals(want.toDoubles(), got.toDoubles(), b.name() + " " + dtype);
                }
            }
        }
    }

    @Test
    void applyPermutationsRejectsWhatIsNotAPermutationOfItsAxis() {
        Tensor x = REF.zeros(Shape.of(3, 2), DType.F32);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> REF.applyPermutations(x, new int[][] {{0, 0, 1}, null}));
        assertTrue(e.getMessage().contains("[0, 0, 1] is not a permutation of the 3 positions of axis 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> REF.applyPermutations(x, new int[][] {null}));
        assertTrue(e.getMessage().contains("one entry (or null) per axis of (3, 2)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> REF.applyPermutations(x, new int[][] {null, {1}}));
    }

    @Test
    void addMatchCostIsTheProductOfTheAxisViews() {
        Rng r = new Rng(9);
        Shape[] shapes = {Shape.of(6, 5), Shape.of(6, 5), Shape.of(4, 6, 3, 3), Shape.of(4, 6, 3, 3), Shape.of(2, 3, 5)};
        int[] axes = {0, 1, 0, 1, 2};
        double scale = 0.75;
        for (Backend b : ALL) {
            for (DType dtype : new DType[] {DType.F32, DType.F64}) {
                for (int c = 0; c < shapes.length; c++) {
                    Shape s = shapes[c];
                    int axis = axes[c];
                    int n = s.dim(axis);
                    double[] t = new double[s.numel()];
                    double[] u = new double[s.numel()];
                    double[] cost = new double[n * n];
                    for (int i = 0; i < t.length; i++) {
                        t[i] = 2 * r.nextDouble() - 1;
                        u[i] = 2 * r.nextDouble() - 1;
                    }
                    for (int i = 0; i < cost.length; i++) cost[i] = r.nextDouble();
                    Tensor tt = b.cast(b.fromDoubles(t, s), dtype);
                    Tensor ut = b.cast(b.fromDoubles(u, s), dtype);
                    Tensor ct = b.cast(b.fromDoubles(cost, Shape.of(n, n)), dtype);
                    double[] want = ct.toDoubles();
                    double[] tv = tt.toDoubles();
                    double[] uv = ut.toDoubles();
                    int outer = s.product(0, axis);
                    int inner = s.product(axis + 1, s.rank());
                    for (int i = 0; i < n; i++) {
                        for (int j = 0; j < n; j++) {
                            double sum = 0;
                            for (int o = 0; o < outer; o++) {
                                for (int k = 0; k < inner; k++) {
                                    sum += tv[(o * n + i) * inner + k] * uv[(o * n + j) * inner + k];
                                }
                            }
                            want[i * n + j] += scale * sum;
                        }
                    }
                    b.addMatchCost(ct, tt, ut, axis, scale);
                    int rest = outer * inner;
                    // a float sum of `rest` products of size <= 1, scaled, plus the final add to cost <= 1
                    double tol = dtype == DType.F32 ? (rest + 2) * EPS * rest * scale + 2 * EPS * (1 + rest) : 1e-12;
                    assertClose(want, ct, tol, b.name() + " " + dtype + " " + s + " axis " + axis);
                }
            }
        }
        Tensor cost = REF.zeros(Shape.of(3, 3), DType.F32);
        Tensor t = REF.zeros(Shape.of(4, 5), DType.F32);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> REF.addMatchCost(cost, t, t, 0, 1.0));
        assertTrue(e.getMessage().contains("cost has shape (3, 3) but axis 0 of (4, 5) has size 4"), e.getMessage());
    }
}
