package io.ksi.bridge;

/**
 * Progress of long work (fits, sampling, training): the library reports steps, the caller decides how to show them
 * ({@link #NONE} in tests and services, a terminal bar in the ksi application).
 */
public interface Progress {
    Task start(String name, long total);

    interface Task extends AutoCloseable {
        void step(long n);

        @Override
        void close();

        /** This task for jobs on several threads: their steps reach it one at a time. */
        default Task synchronizedSteps() {
            Task task = this;
            return new Task() {
                @Override
                public synchronized void step(long n) {
                    task.step(n);
                }

                @Override
                public void close() {
                    task.close();
                }
            };
        }
    }

    Progress NONE = (name, total) -> new Task() {
        @Override
        public void step(long n) {}

        @Override
        public void close() {}
    };
}
