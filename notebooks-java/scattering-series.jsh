//md # New time series from ONE series: scattering spectra
//md The paper's other half (docs/method.md §2, docs/scattering-spec.md): no pretrained model at all. The feature map is the
//md scattering spectra of a time series, differentiated by autograd; eta(t) is fitted on pairs (noise, the one
//md observed series) and the optimal-diffusion sampler draws new series. Data: DAX daily closes 1991–1998
//md (`data/eustockmarkets.csv`). Run with `./ksi jshell notebooks-java/scattering-series.jsh`, or open the .ipynb.
//--
//md ## 1. The observed returns
Path root = Path.of(System.getProperty("ksi.root", ".."));
boolean quick = Boolean.getBoolean("ksi.quick");
double[] returns = CsvColumn.logReturns(CsvColumn.read(root.resolve("data/eustockmarkets.csv"), "DAX"), "DAX");
String.format("%d log-returns, std %.4f, kurtosis %.2f, acf(|r|) lags 1-20 %.3f", returns.length, StylizedFacts.std(returns),
        StylizedFacts.kurtosis(returns), StylizedFacts.meanOf(StylizedFacts.autocorrelation(StylizedFacts.abs(returns), 20), 20))
//--
//md ## 2. Its scattering spectra
//md J = floor(log2 T) - 3 scales, Battle–Lemarié wavelets, reflection padding. The complex coefficients come in the
//md reference order of docs/scattering-spec.md §1.7; the KSI feature vector takes Re of all and Im of the genuinely complex ones.
Scattering1D transform = new Scattering1D(returns.length, Scattering1D.defaultScales(returns.length), Wavelet.BATTLE_LEMARIE, 0.425, Reduction.FULL);
NDManager nd = NDManager.newBaseManager("PyTorch");
NDArray series = nd.create(returns).reshape(1, -1);
double[] sigma2 = transform.powerSpectrum(series);
double[] coeffs = transform.complexCoefficients(series, sigma2).toDoubleArray();
transform
//--
//md Sparsity E|W_j|/sigma_j is 0.886 for Gaussian noise at every scale; heavy tails and volatility clustering pull it down.
double[] scale = new double[transform.scales()];
double[] spars = new double[transform.scales()];
double[] gauss = new double[transform.scales()];
for (int j = 0; j < scale.length; j++) { scale[j] = j; spars[j] = coeffs[2 * j]; gauss[j] = Math.sqrt(Math.PI / 4); }
var chart = new org.knowm.xchart.XYChartBuilder().width(600).height(350).title("sparsity per scale").xAxisTitle("j (0 = finest)").build();
chart.addSeries("DAX", scale, spars);
chart.addSeries("Gaussian noise", scale, gauss);
Nb.chart(chart);
//--
//md ## 3. Fit and sample
//md Each pair costs one full Jacobian of the P features (one backward pass over P stacked copies): the fit is the slow
//md part. The quick setting (CI) is small; `ksi series` runs the default sizes. Beside the scattering features the
//md settings add five pointwise fields, x and x / (1 + (x/a)^2): near t = 1 the drift is a denoiser, and only these
//md let it shrink small returns more than large ones, which heavy tails need (`--no-marginal` in `ksi series` to compare).
SeriesStudy.Settings settings = quick ? SeriesStudy.Settings.quick() : SeriesStudy.Settings.defaults();
SeriesStudy.Result result = SeriesStudy.run(returns, settings, Nb.progress());
result.ensemble()
//--
System.out.print(SeriesReport.summary(result));
//--
Display.show(SeriesReport.seriesPanel(result, "DAX"));
//--
Nb.chart(SeriesReport.density(result));
//--
Nb.chart(SeriesReport.acf(result));
//--
Nb.chart(SeriesReport.leverage(result));
//--
nd.close();
