// How much the power per octave varies between snapshots of the same flow, relative to the observed one (the
// first): the scale against which docs/scattering.md reads the 20% target. Run: ./ksi jshell docs/scattering/snapshot-spread.jsh
import io.ksi.models.data.NavierStokes2D;
import io.ksi.ensemble.metrics.PowerSpectrum;
float[][] flow = NavierStokes2D.snapshots(NavierStokes2D.Params.defaults(64), 12, 40, 10, 0, null);
double[][] oct = new double[flow.length][];
for (int i = 0; i < flow.length; i++) oct[i] = PowerSpectrum.octaves(PowerSpectrum.shells(new float[][] {flow[i]}, 64));
for (int k = 0; k < oct[0].length; k++) {
    double min = Double.MAX_VALUE, max = 0, sum = 0, sq = 0;
    for (double[] o : oct) { min = Math.min(min, o[k]); max = Math.max(max, o[k]); sum += o[k]; sq += o[k] * o[k]; }
    double mean = sum / oct.length, sd = Math.sqrt((sq - oct.length * mean * mean) / (oct.length - 1));
    System.out.printf("|k| %2d-%-2d  snapshot / observed %.2f-%.2f  coefficient of variation %.2f%n", 1 << k, (1 << (k + 1)) - 1,
            min / oct[0][k], max / oct[0][k], sd / mean);
}
/exit
