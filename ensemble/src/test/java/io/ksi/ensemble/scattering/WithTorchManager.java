package io.ksi.ensemble.scattering;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** One PyTorch base manager per test class; tests open sub-managers of it. */
abstract class WithTorchManager {
    static NDManager manager;

    @BeforeAll
    static void openManager() {
        manager = NDManager.newBaseManager("PyTorch");
    }

    @AfterAll
    static void closeManager() {
        manager.close();
    }
}
