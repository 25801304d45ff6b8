package io.ksi.app.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The benchmarks by name; {@code all} runs the quick ones, in this order. */
public final class Benchmarks {
    private static final Map<String, Benchmark> QUICK = new LinkedHashMap<>();
    private static final Map<String, Benchmark> ON_REQUEST = new LinkedHashMap<>();

    static {
        QUICK.put("bridge", new BridgeBench());
        QUICK.put("fit", new FitBench());
        QUICK.put("memory", new MemoryBench());
        QUICK.put("workers", new WorkersBench());
        QUICK.put("scattering", new ScatteringBench());
        ON_REQUEST.put("serve", new ServeBench());
        ON_REQUEST.put("spark", new SparkBench());
        ON_REQUEST.put("paper", new PaperBench());
    }

    private Benchmarks() {}

    /** The benchmarks {@code --what} names: one by name, or all the quick ones. */
    public static List<Benchmark> chosen(String what) {
        if (what.equals("all")) {
            return new ArrayList<>(QUICK.values());
        }
        Benchmark b = QUICK.containsKey(what) ? QUICK.get(what) : ON_REQUEST.get(what);
        if (b == null) {
            throw new IllegalArgumentException("--what: unknown benchmark '" + what + "'; expected all, "
                    + String.join(", ", QUICK.keySet()) + ", " + String.join(", ", ON_REQUEST.keySet()));
        }
        return List.of(b);
    }
}
