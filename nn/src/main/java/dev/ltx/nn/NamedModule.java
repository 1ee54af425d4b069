package dev.ltx.nn;

/**
 * A module with its dotted name from some root ({@code ""} for the root itself, {@code "layer1.0"}
 * for a nested block). Pattern-match on {@link #module()}'s type to inspect a model's structure.
 *
 * @param name   dotted name
 * @param module the module
 */
public record NamedModule(String name, Module module) {
}
