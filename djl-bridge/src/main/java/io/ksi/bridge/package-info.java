/**
 * Everything that talks to DJL: loading TorchScript and ONNX velocity models (ModelLoader, Manifest, ModelSpec, the
 * output conventions of TimeMap and OutputKind), devices and engine threads (Devices, EngineSettings, Workers), batched
 * and leak-free evaluation (DjlVelocityField), autograd (Autograd), native memory (NativeAllocator, MemoryProbe), NPY
 * files, and the Progress callback that long work reports to.
 *
 * <p>May depend on: {@code io.ksi.bridge.convention} (DJL and Gson otherwise).
 */
package io.ksi.bridge;
