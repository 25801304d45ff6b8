package io.ksi.app.cli;

import io.ksi.app.series.SeriesReport;
import io.ksi.app.series.SeriesStudy;
import io.ksi.bridge.Progress;
import io.ksi.data.CsvColumn;
import io.ksi.ensemble.scattering.Reduction;
import io.ksi.ensemble.scattering.Scattering1D;
import io.ksi.ensemble.scattering.Wavelet;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        mixinStandardHelpOptions = true,
        name = "series",
        description = "New return series from ONE observed price series: scattering-spectra "
                + "features, trigonometric schedule, optimal-diffusion sampling. Writes a report of the stylized facts "
                + "(density, volatility clustering, leverage) with pictures.")
final class SeriesCommand implements Callable<Integer> {
    @Option(
            names = "--csv",
            defaultValue = "data/eustockmarkets.csv",
            description = "prices, one column per series (default: ${DEFAULT-VALUE})")
    Path csv;

    @Option(
            names = "--column",
            defaultValue = "DAX",
            description = "the column to learn from (default: ${DEFAULT-VALUE})")
    String column;

    @Option(
            names = "--returns",
            description = "the column already holds returns (default: prices, turned into log-returns)")
    boolean returns;

    @Option(
            names = "--J",
            defaultValue = "0",
            description = "scales; 0 = floor(log2 T) - 3 (default: ${DEFAULT-VALUE})")
    int scales;

    @Option(
            names = "--wavelet",
            defaultValue = "battle_lemarie",
            description = "battle_lemarie or morlet (default: ${DEFAULT-VALUE})")
    String wavelet;

    @Option(
            names = "--reduction",
            defaultValue = "full",
            description = "full or invariant (scale-invariant, fewer features) (default: ${DEFAULT-VALUE})")
    String reduction;

    @Option(names = "--float64", description = "features in float64 (slower)")
    boolean float64;

    @Option(
            names = "--marginal",
            negatable = true,
            description =
                    "also use pointwise fields (x and x / (1 + (x/a)^2), a = 0.5, 1, 2, 4 std) beside the scattering "
                            + "features, so the drift can keep large returns large: heavy tails (default: on; "
                            + "--no-marginal for "
                            + "scattering alone)")
    Boolean marginal;

    @Option(names = "--out", defaultValue = "out/series", description = "output folder (default: ${DEFAULT-VALUE})")
    Path out;

    @Mixin
    StudyOptions study;

    @Mixin
    ThreadsOption threads;

    @Override
    public Integer call() {
        Reduction red = Reduction.parse(reduction, 1); // before any work: a fields' reduction is refused at once
        threads.apply();
        double[] values = CsvColumn.read(csv, column);
        double[] r = returns ? values : CsvColumn.logReturns(values, csv + " column " + column);
        SeriesStudy.Settings d = study.quick ? SeriesStudy.Settings.quick() : SeriesStudy.Settings.defaults();
        SeriesStudy.Settings s = new SeriesStudy.Settings(
                scales,
                Wavelet.parse(wavelet),
                red,
                StudyOptions.or(study.pairs, d.pairs()),
                study.heldOut(d.heldOutPairs()),
                StudyOptions.or(study.fitSteps, d.fitSteps()),
                StudyOptions.or(study.steps, d.steps()),
                StudyOptions.or(study.count, d.samples()),
                study.ridgeValue(),
                float64,
                study.seed,
                marginal != null ? marginal : d.marginal());
        System.out.printf("%s column %s: %d returns; fitting %s%n", csv, column, r.length, describe(s, r.length));
        SeriesStudy.Result res = SeriesStudy.run(r, s, study.quiet ? Progress.NONE : ConsoleProgress.create());
        SeriesReport.write(res, csv.getFileName() + " " + column, out);
        System.out.print(SeriesReport.summary(res));
        System.out.printf(
                "report: %s (pictures, results.json, generated.csv); fit %.0f s, sampling %.0f s%n",
                out.resolve("report.md"), res.fitSeconds(), res.sampleSeconds());
        return 0;
    }

    private static String describe(SeriesStudy.Settings s, int t) {
        int j = s.scales() > 0 ? s.scales() : Scattering1D.defaultScales(t);
        return String.format(
                Locale.ROOT,
                "J=%d %s %s%s, %d pairs (+%d held out) x %d times, %d series x %d steps",
                j,
                s.wavelet().id(),
                s.reduction().name().toLowerCase(Locale.ROOT),
                s.marginal() ? " + marginal fields" : "",
                s.pairs(),
                s.heldOutPairs(),
                s.fitSteps() + 1,
                s.samples(),
                s.steps());
    }
}
