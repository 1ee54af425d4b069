package dev.ltx.transfer.perm;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One permutation per group of a {@link PermutationSpec}, immutable and validated. Gather
 * convention (as the official code and Git Re-basin): applying {@code perm} to an axis makes new
 * slice i equal old slice {@code perm[i]}; for a weight with output group P and input group Q,
 * {@code (πW)[i, j] = W[perm_P[i], perm_Q[j]]}.
 */
public final class Permutations {
    private final Map<String, int[]> perms;

    private Permutations(Map<String, int[]> perms) {
        this.perms = perms;
    }

    /** The identity permutation of every group of {@code spec}. */
    public static Permutations identity(PermutationSpec spec) {
        Map<String, int[]> m = new LinkedHashMap<>();
        for (PermutationGroup g : spec.groups()) {
            int[] p = new int[g.size()];
            for (int i = 0; i < p.length; i++) {
                p[i] = i;
            }
            m.put(g.name(), p);
        }
        return new Permutations(m);
    }

    /**
     * Copies {@code perms} after checking it has exactly the spec's groups and that each array is a
     * permutation of {@code 0..size-1}.
     *
     * @throws IllegalArgumentException naming the offending group
     */
    public static Permutations of(PermutationSpec spec, Map<String, int[]> perms) {
        Map<String, int[]> m = new LinkedHashMap<>();
        for (PermutationGroup g : spec.groups()) {
            int[] p = perms.get(g.name());
            if (p == null) {
                throw new IllegalArgumentException("no permutation given for group " + g.name() + " (size " + g.size() + ")");
            }
            m.put(g.name(), checked(g, p));
        }
        for (String name : perms.keySet()) {
            if (!m.containsKey(name)) {
                throw new IllegalArgumentException("permutation given for unknown group '" + name + "'; groups are "
                        + m.keySet());
            }
        }
        return new Permutations(m);
    }

    private static int[] checked(PermutationGroup g, int[] p) {
        if (p.length != g.size()) {
            throw new IllegalArgumentException("permutation for group " + g.name() + " has length " + p.length
                    + " but the group has size " + g.size());
        }
        boolean[] seen = new boolean[p.length];
        for (int i = 0; i < p.length; i++) {
            int v = p[i];
            if (v < 0 || v >= p.length || seen[v]) {
                throw new IllegalArgumentException("array for group " + g.name() + " is not a permutation of 0.."
                        + (p.length - 1) + ": entry " + i + " is " + v + (v >= 0 && v < p.length ? " (repeated)" : ""));
            }
            seen[v] = true;
        }
        return p.clone();
    }

    /** A copy of the permutation of {@code group}. */
    public int[] perm(String group) {
        return internal(group).clone();
    }

    /** The live array (package-private: callers must not modify it). */
    int[] internal(String group) {
        int[] p = perms.get(group);
        if (p == null) {
            throw new IllegalArgumentException("no permutation for group '" + group + "'; groups are " + perms.keySet());
        }
        return p;
    }

    /** Group names in spec order. */
    public Set<String> groups() {
        return Collections.unmodifiableSet(perms.keySet());
    }

    /** A copy: group → permutation, in spec order. */
    public Map<String, int[]> asMap() {
        Map<String, int[]> m = new LinkedHashMap<>();
        perms.forEach((g, p) -> m.put(g, p.clone()));
        return m;
    }

    /** The inverse set: applying it after this one restores every tensor exactly. */
    public Permutations inverse() {
        Map<String, int[]> m = new LinkedHashMap<>();
        perms.forEach((g, p) -> {
            int[] inv = new int[p.length];
            for (int i = 0; i < p.length; i++) {
                inv[p[i]] = i;
            }
            m.put(g, inv);
        });
        return new Permutations(m);
    }

    /** Whether every group's permutation is the identity. */
    public boolean isIdentity() {
        for (int[] p : perms.values()) {
            for (int i = 0; i < p.length; i++) {
                if (p[i] != i) {
                    return false;
                }
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Permutations other) || !perms.keySet().equals(other.perms.keySet())) {
            return false;
        }
        for (Map.Entry<String, int[]> e : perms.entrySet()) {
            if (!Arrays.equals(e.getValue(), other.perms.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = 1;
        for (Map.Entry<String, int[]> e : perms.entrySet()) {
            h = 31 * h + e.getKey().hashCode() * 17 + Arrays.hashCode(e.getValue());
        }
        return h;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Permutations{");
        perms.forEach((g, p) -> {
            sb.append(' ').append(g).append('=');
            sb.append(p.length <= 8 ? Arrays.toString(p) : Arrays.toString(Arrays.copyOf(p, 8)).replace("]", ", ...]"));
        });
        return sb.append(" }").toString();
    }
}
