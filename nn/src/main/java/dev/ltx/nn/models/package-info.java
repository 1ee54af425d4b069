/**
 * The paper's models with the official code's module names: {@link dev.ltx.nn.models.Mlp}
 * (2-MLP), {@link dev.ltx.nn.models.ConvNet} (Conv4/6/8) and {@link dev.ltx.nn.models.ResNet18}
 * (32-px and 224-px stems), built by name through {@link dev.ltx.nn.models.ModelKind} and
 * {@link dev.ltx.nn.models.Models}. Structure is inspectable through
 * {@link dev.ltx.nn.Module#namedModules()} and each model's typed accessors, so permutation specs
 * can be derived from it.
 */
package dev.ltx.nn.models;
