package io.ksi.ensemble.sampling;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.ksi.bridge.Progress;

/** Runs a time-stepping loop with one memory scope per step, so native memory stays flat over any number of steps. */
final class StepLoop {
    interface Step {
        /** Returns X_{k+1} from X_k; every array it makes belongs to {@code scope}. */
        NDArray apply(NDArray x, int k, NDManager scope);
    }

    private StepLoop() {}

    static NDArray run(NDArray x, int steps, Progress.Task task, Step step) {
        NDManager owner = x.getManager();
        NDArray cur = x;
        for (int k = 0; k < steps; k++) {
            NDArray next;
            try (NDManager scope = owner.newSubManager()) {
                cur.tempAttach(scope);
                next = step.apply(cur, k, scope);
                next.attach(owner);
            }
            if (cur != x) {
                cur.close();
            }
            cur = next;
            task.step(1);
        }
        return cur == x ? x.duplicate() : cur;
    }
}
