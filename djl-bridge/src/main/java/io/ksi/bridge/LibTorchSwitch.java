package io.ksi.bridge;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.LibUtils;
import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One of libtorch's process-wide backend switches on {@code at::globalContext()} ({@code userEnabledMkldnn},
 * {@code userEnabledNNPACK}: Python's {@code torch.backends.mkldnn.enabled} and {@code torch.backends.nnpack.enabled}),
 * which DJL does not expose, called through JNA in the libtorch DJL loaded. Read per operator call, so they take effect
 * at once.
 */
record LibTorchSwitch(Pointer context, Function get, Function set) {
    /**
     * @param backend the name in libtorch's accessors: Mkldnn or NNPACK
     * @param what the backend's name for errors
     * @param hint what to do instead, for errors
     */
    static LibTorchSwitch find(String backend, String what, String hint) {
        Engine.getEngine("PyTorch"); // loads libtorch, so the library below is the one DJL runs
        Path lib = Path.of(LibUtils.getLibtorchPath()).resolve(System.mapLibraryName("torch_cpu"));
        if (!Files.isRegularFile(lib)) {
            throw new IllegalStateException(
                    "cannot switch " + what + ": no " + lib + " beside the libtorch DJL loaded; " + hint);
        }
        String getter = "userEnabled" + backend;
        String setter = "setUserEnabled" + backend;
        try {
            NativeLibrary torch = NativeLibrary.getInstance(lib.toString());
            // Itanium C++ ABI names (Linux and macOS builds of libtorch); members take the object as first argument
            Pointer context = torch.getFunction("_ZN2at13globalContextEv").invokePointer(new Object[0]);
            return new LibTorchSwitch(
                    context,
                    torch.getFunction("_ZNK2at7Context" + getter.length() + getter + "Ev"),
                    torch.getFunction("_ZN2at7Context" + setter.length() + setter + "Eb"));
        } catch (UnsatisfiedLinkError e) {
            throw new IllegalStateException(
                    "cannot switch " + what + ": " + lib + " does not export at::Context::" + setter + " ("
                            + e.getMessage() + "); " + hint,
                    e);
        }
    }

    boolean enabled() {
        return (get.invokeInt(new Object[] {context}) & 0xff) != 0;
    }

    void set(boolean on) {
        set.invokeVoid(new Object[] {context, on});
    }
}
