package dev.ltx.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Checks the Java kernel catalog against the CUDA sources and, when nvcc ran during this build,
 * against the compiled image, so that a renamed, removed or unlisted kernel fails here instead of
 * at launch time on a GPU machine.
 */
class KernelCatalogTest {
    private static final Path CUDA_DIR = Path.of("src/main/cuda");
    private static final Pattern KERNEL = Pattern.compile("extern\\s+\"C\"\\s+__global__\\s+void\\s+(?:__launch_bounds__\\s*\\([^)]*\\)\\s+)?(\\w+)\\s*\\(");
    private static final Pattern PTX_ENTRY = Pattern.compile("\\.entry\\s+(\\w+)\\s*\\(");
    private static final Pattern INCLUDE = Pattern.compile("#include\\s+\"(\\w+\\.cu)\"");

    /** Symbol → file for every extern "C" kernel of the family sources. */
    private static Map<String, String> sourceKernels() throws IOException {
        Map<String, String> found = new TreeMap<>();
        for (KernelFamily f : KernelFamily.values()) {
            String text = Files.readString(CUDA_DIR.resolve(f.file()));
            Matcher m = KERNEL.matcher(text);
            while (m.find()) {
                String prev = found.put(m.group(1), f.file());
                assertEquals(null, prev, "kernel " + m.group(1) + " defined twice");
            }
        }
        return found;
    }

    @Test
    void everyCatalogKernelIsDefinedInItsFamilyFile() throws IOException {
        Map<String, String> src = sourceKernels();
        for (Kernel k : Kernel.values()) {
            assertEquals(k.family().file(), src.get(k.symbol()),
                    "catalog kernel " + k + " must be an extern \"C\" __global__ kernel in " + k.family().file());
        }
    }

    @Test
    void everySourceKernelIsInTheCatalog() throws IOException {
        Set<String> catalog = Set.of(Kernel.values()).stream().map(Kernel::symbol).collect(Collectors.toSet());
        List<String> missing = new ArrayList<>();
        for (String s : sourceKernels().keySet()) {
            if (!catalog.contains(s)) missing.add(s);
        }
        assertEquals(List.of(), missing, "kernels in the .cu files but not in the Kernel enum");
    }

    @Test
    void everyFamilyHasKernelsAndNamesFollowTheConvention() {
        Map<KernelFamily, Integer> count = new EnumMap<>(KernelFamily.class);
        for (Kernel k : Kernel.values()) {
            count.merge(k.family(), 1, Integer::sum);
            assertTrue(k.symbol().matches("[a-z0-9_]+_(f32|i32|i64)"), "kernel name " + k.symbol());
        }
        for (KernelFamily f : KernelFamily.values()) {
            assertTrue(count.getOrDefault(f, 0) > 0, "family " + f + " has no kernel in the catalog");
        }
    }

    @Test
    void theUnityFileIncludesEveryFamilyExactlyOnce() throws IOException {
        String unity = Files.readString(CUDA_DIR.resolve("ltx_kernels.cu"));
        List<String> included = new ArrayList<>();
        Matcher m = INCLUDE.matcher(unity);
        while (m.find()) included.add(m.group(1));
        Set<String> families = new TreeSet<>();
        for (KernelFamily f : KernelFamily.values()) families.add(f.file());
        assertEquals(families, new TreeSet<>(included), "families included by ltx_kernels.cu");
        assertEquals(families.size(), included.size(), "a family included twice: " + included);
    }

    @Test
    void theCompiledImageHoldsExactlyTheCatalog() {
        // the build passes its ltx.nvcc.skip property: "false" means nvcc ran and the image must be there
        assumeTrue("false".equals(System.getProperty("ltx.nvcc.skip")), "nvcc did not run in this build");
        byte[] image = KernelImage.load().orElseThrow(
                () -> new AssertionError("nvcc ran but " + KernelImage.RESOURCE + " is not on the class path"));
        // The image is uncompressed (--no-compress): the PTX text and the ELF section names are readable.
        String text = new String(image, StandardCharsets.ISO_8859_1);
        Set<String> ptx = new TreeSet<>();
        Matcher m = PTX_ENTRY.matcher(text);
        while (m.find()) ptx.add(m.group(1));
        Set<String> catalog = new TreeSet<>();
        for (Kernel k : Kernel.values()) {
            catalog.add(k.symbol());
            assertTrue(text.contains(".text." + k.symbol() + "\0"), "no sm_90 code for " + k.symbol());
        }
        assertEquals(catalog, ptx, "compute_75 PTX entry points vs the catalog");
        assertFalse(text.contains(".entry ltx_"), "helpers must not be kernels");
    }
}
