package io.ksi.ensemble;

import io.ksi.ensemble.feature.FeatureField;
import io.ksi.ensemble.feature.ModelField;
import io.ksi.ensemble.system.Combinations;
import io.ksi.ensemble.system.LinearSystem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Which members a routing rule sends time t to: those trained for it ({@link CombinationRule.Route}). */
final class Routing {
    private Routing() {}

    /**
     * Members whose training window (manifest tags timeFrom, timeTo) holds t; where none does, those of the nearest
     * window. Without windows on any member, the quarter of least held-out loss as trained at t.
     */
    static int[] membersAt(List<? extends FeatureField> fields, double t, LinearSystem heldOut) {
        double[][] windows = new double[fields.size()][];
        boolean any = false;
        for (int i = 0; i < fields.size(); i++) {
            windows[i] = window(fields.get(i));
            any |= windows[i] != null;
        }
        if (!any) {
            if (heldOut == null) {
                throw new IllegalArgumentException("rule route: no member has a training window (timeFrom/timeTo"
                        + " tags) and the ensemble has no held-out systems to rank them by");
            }
            int[] ranking = Combinations.asTrainedRanking(heldOut);
            return java.util.Arrays.copyOf(ranking, Math.max(1, (fields.size() + 3) / 4));
        }
        double nearest = Double.POSITIVE_INFINITY;
        for (double[] w : windows) {
            if (w != null) {
                nearest = Math.min(nearest, distance(w, t));
            }
        }
        List<Integer> chosen = new ArrayList<>();
        for (int i = 0; i < windows.length; i++) {
            if (windows[i] != null && distance(windows[i], t) <= nearest + 1e-12) {
                chosen.add(i);
            }
        }
        return chosen.stream().mapToInt(Integer::intValue).toArray();
    }

    private static double distance(double[] w, double t) {
        return t < w[0] ? w[0] - t : t > w[1] ? t - w[1] : 0;
    }

    private static double[] window(FeatureField f) {
        if (f instanceof ModelField m && m.spec() != null) {
            Map<String, Object> tags = m.spec().tags();
            if (tags != null
                    && tags.get("timeFrom") instanceof Number from
                    && tags.get("timeTo") instanceof Number to) {
                return new double[] {from.doubleValue(), to.doubleValue()};
            }
        }
        return null;
    }
}
