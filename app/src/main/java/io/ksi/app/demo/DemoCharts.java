package io.ksi.app.demo;

import static io.ksi.app.demo.DemoStatistics.full;
import static io.ksi.app.demo.DemoStatistics.only;
import static io.ksi.app.demo.DemoStatistics.sweep;

import io.ksi.app.demo.DemoStatistics.Point;
import io.ksi.app.demo.WeakEnsembleStudy.Outcome;
import io.ksi.app.demo.WeakEnsembleStudy.Score;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The demo's charts (XChart): likelihood against ensemble size, and both sample scores together. */
public final class DemoCharts {
    private DemoCharts() {}

    public static XYChart likelihoodChart(Outcome o) {
        XYChart chart = new XYChartBuilder()
                .width(800)
                .height(500)
                .title("oracle log-likelihood of generated digits vs ensemble size")
                .xAxisTitle("P (models in the ensemble)")
                .yAxisTitle("log-likelihood, bits/dim (higher is better)")
                .build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        for (String cohort : WeakEnsembleStudy.COHORTS) {
            List<Point> pts = sweep(o, cohort);
            chart.addSeries(
                    cohort.replace("digits-", "") + "-step cohort",
                    pts.stream().mapToDouble(Point::size).toArray(),
                    pts.stream().mapToDouble(Point::bitsPerDim).toArray(),
                    pts.stream().mapToDouble(Point::error).toArray());
        }
        return chart;
    }

    /** Each 100-step member (fit and as trained), each ensemble of the P sweep and the references, in both scores. */
    public static XYChart likelihoodVsMmdChart(Outcome o) {
        XYChart chart = new XYChartBuilder()
                .width(800)
                .height(560)
                .title("both scores: oracle log-likelihood vs MMD² to held-out digits (up and left is better)")
                .xAxisTitle("MMD² (log scale, lower is better)")
                .yAxisTitle("log-likelihood, bits/dim (higher is better)")
                .build();
        chart.getStyler()
                .setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter)
                .setXAxisLogarithmic(true)
                .setLegendPosition(Styler.LegendPosition.OutsideS)
                .setMarkerSize(9);
        String cohort = WeakEnsembleStudy.RAW_COHORT;
        addPoints(
                chart,
                "members as trained",
                o.scores().stream()
                        .filter(s -> s.size() == 1 && s.is(Group.AS_TRAINED, cohort))
                        .toList(),
                SeriesMarkers.DIAMOND);
        addPoints(
                chart,
                "members, one-model fit",
                o.scores().stream()
                        .filter(s -> s.size() == 1 && s.is(Group.COHORT, cohort))
                        .toList(),
                SeriesMarkers.CIRCLE);
        int all = full(o, cohort).size();
        List<Score> partial = o.scores().stream()
                .filter(s -> s.is(Group.COHORT, cohort) && s.size() > 1 && s.size() < all)
                .toList();
        if (!partial.isEmpty()) {
            addPoints(
                    chart,
                    String.format(
                            Locale.ROOT,
                            "ensembles, P = %d .. %d",
                            partial.stream().mapToInt(Score::size).min().orElseThrow(),
                            partial.stream().mapToInt(Score::size).max().orElseThrow()),
                    partial,
                    SeriesMarkers.TRIANGLE_UP);
        }
        addPoints(chart, "ensemble of " + all, List.of(full(o, cohort)), SeriesMarkers.SQUARE)
                .setMarkerColor(java.awt.Color.BLACK);
        for (Group ref : List.of(Group.DATA, Group.ORACLE_SAMPLES, Group.FAINT, Group.BLANK)) {
            addPoints(chart, ref.referenceName(), List.of(only(o, ref)), SeriesMarkers.CROSS);
        }
        return chart;
    }

    private static XYSeries addPoints(
            XYChart chart, String name, List<Score> scores, org.knowm.xchart.style.markers.Marker marker) {
        XYSeries series = chart.addSeries(
                cohortLabel(name),
                scores.stream().mapToDouble(s -> Math.max(s.mmd(), 1e-4)).toArray(),
                scores.stream().mapToDouble(Score::bitsPerDim).toArray());
        series.setMarker(marker);
        return series;
    }

    private static String cohortLabel(String name) {
        return name.startsWith("members") || name.startsWith("ensemble") ? "100-step " + name : name;
    }
}
