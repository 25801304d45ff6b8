// What the oracle's likelihood of samples rewards: real digits against blank images and the same digits at lower
// contrast, and, among real digits, log-likelihood against the number of inked pixels. The same protocol and seeds as
// the references of ./ksi demo (48 held-out digits, t = 0.9, 10 Heun steps, 1 probe).
// Run: ./ksi jshell docs/demo-procedural/ink-vs-likelihood.jsh   (about ten seconds)
Path dir = Paths.get(System.getProperty("ksi.root")).resolve("models/demo");
long seed = 0;
var o = new OracleLikelihood(Manifest.read(DemoModels.oracleManifest(dir)).models().get(0));
var heldOut = ProceduralImages.generate(Domain.DIGITS, 48, seed + 707);
try (var nd = NDManager.newBaseManager("PyTorch")) {
    var x = heldOut.toArray(nd);
    float bg = ProceduralImages.BACKGROUND;
    for (double c : new double[] {1, 0.75, 0.5, 0.25, 0}) {
        var ll = o.evaluate(x.sub(bg).mul((float) c).add(bg), 10, 1, seed + 505, 0.9);
        System.out.printf("digits at contrast %.2f%s: %.3f ± %.3f bits/dim%n", c, c == 0 ? " (blank images)" : "",
                ll.bitsPerDim(), ll.bitsPerDimError());
    }
    var ll = o.evaluate(x, 10, 1, seed + 505, 0.9);
    float[] v = x.toFloatArray();
    int n = 48, d = 784;
    double[] ink = new double[n];
    for (int i = 0; i < n; i++) {
        for (int j = 0; j < d; j++) {
            ink[i] += v[i * d + j] > bg + 1.3f ? 1 : 0; // a pixel counts as inked above -0.3, about a third of full ink
        }
    }
    double mi = Arrays.stream(ink).average().orElseThrow();
    double ml = Arrays.stream(ll.perSample()).average().orElseThrow();
    double sxy = 0, sxx = 0, syy = 0;
    for (int i = 0; i < n; i++) {
        sxy += (ink[i] - mi) * (ll.perSample()[i] - ml);
        sxx += (ink[i] - mi) * (ink[i] - mi);
        syy += (ll.perSample()[i] - ml) * (ll.perSample()[i] - ml);
    }
    System.out.printf("among the %d digits: %.0f inked pixels on average; correlation(inked pixels, log-likelihood) = %.2f%n",
            n, mi, sxy / Math.sqrt(sxx * syy));
}
o.close();
/exit
