/**
 * Layers built on {@link dev.ltx.autograd.F}: {@link dev.ltx.nn.layers.Linear},
 * {@link dev.ltx.nn.layers.Conv2d}, {@link dev.ltx.nn.layers.BatchNorm2d}, activations, pooling,
 * {@link dev.ltx.nn.layers.Sequential} and the ResNet blocks. Every layer does its math through
 * autograd/backend ops only (no element loops), so it runs unchanged on any backend, and exposes
 * its hyperparameters and parameter vars through typed accessors for structure inspection.
 */
package dev.ltx.nn.layers;
