package dev.ltx.nn.io;

import dev.ltx.engine.Shape;

/**
 * One tensor entry of a safetensors header, as {@link SafetensorsReader#describe} reports it
 * without reading the data.
 *
 * @param name     the tensor's name, e.g. {@code layer1.0.convnb1.conv.weight}
 * @param dtype    the file's dtype name: {@code F16}, {@code BF16}, {@code F32}, {@code F64},
 *                 {@code I32} or {@code I64}
 * @param shape    the tensor's shape
 * @param floating whether the dtype is a floating type (F16, BF16, F32, F64)
 */
public record TensorInfo(String name, String dtype, Shape shape, boolean floating) {
}
