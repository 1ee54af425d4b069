/**
 * The CUDA backend: tensors in device memory and the ltx kernels (module {@code native-kernels})
 * launched through the CUDA driver API.
 *
 * <p>Layers, from the bottom: {@link dev.ltx.engine.cuda.CudaProbe} decides once whether a device
 * is usable (nothing else touches JCuda before it says yes); {@code CudaDriver} is the small
 * driver facade (JCuda today, a JNI shim could replace it); {@code CudaThread} pins every driver
 * call to one thread, because the context is current per thread; {@code DeviceAllocator} caches
 * device buffers in size classes; {@link dev.ltx.engine.cuda.DeviceScope} owns the buffers of the
 * tensors created inside it; {@link dev.ltx.engine.cuda.CudaBackend} implements the op set with
 * one {@code Cuda*Ops} class per op family. Host/device copies happen only at the edges
 * ({@code from*}/{@code to*}); there is no silent host fallback.
 */
package dev.ltx.engine.cuda;
