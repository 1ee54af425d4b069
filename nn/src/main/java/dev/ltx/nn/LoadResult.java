package dev.ltx.nn;

import java.util.List;

/**
 * Outcome of a non-strict {@link Module#loadStateDict} (a strict load that returns has both lists empty).
 *
 * @param missing    names the module has that the state dict lacked (left unchanged)
 * @param unexpected names in the state dict the module does not have (ignored)
 */
public record LoadResult(List<String> missing, List<String> unexpected) {
    public LoadResult {
        missing = List.copyOf(missing);
        unexpected = List.copyOf(unexpected);
    }
}
