/**
 * Neural-network building blocks: modules, layers, models, optimizers, datasets and checkpoints (filled in by the training issue).
 */
package dev.ltx.nn;
