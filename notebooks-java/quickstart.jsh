//md # ksi quickstart
//md Load pretrained velocity models, fit the kernel ensemble on target data, sample, look at the result.
//md Run it with `./ksi jshell notebooks-java/quickstart.jsh`, or open `quickstart.ipynb` in Jupyter on the ksi kernel
//md (`./ksi jupyter install`, then pick "Java (ksi)").
//--
//md ## 1. Two deliberately wrong models of a Gaussian
//md `gauss_plus` and `gauss_minus` are the exact velocity of N(m, S) plus and minus a large error field. Each alone
//md samples the wrong law; the ensemble finds eta ≈ (1/2, 1/2) from data alone.
Path fixtures = Path.of(System.getProperty("ksi.root", "..")).resolve("models/fixtures");
boolean quick = Boolean.getBoolean("ksi.quick");
List<FeatureField> fields = FeatureFields.load(ModelRefs.resolve(fixtures + "/gauss_plus.pt," + fixtures + "/gauss_minus.onnx"), LoadOptions.DEFAULT);
Dataset target = Dataset.load(fixtures.resolve("gauss_target.npy"));
KernelEnsemble gauss = Fitter.fit(fields, FitPlan.builder(Schedules.LINEAR, Grids.uniform(20), new PairSource(target, quick ? 1000 : 3000, 0)).build());
gauss
//--
Arrays.toString(gauss.eta().at(0.5))
//--
//md ## 2. Sample and compare with the data
NDManager nd = NDManager.newBaseManager("PyTorch");
NDArray xs = gauss.sample(new SampleRequest(2000, 1, Sampler.byName("optimal"), Grids.uniform(100), 512), nd, Progress.NONE);
Nb.chart(Plots.scatter("ensemble samples vs data", xs.toFloatArray(), 4, target.toFloatArray()));
//--
//md ## 3. Twenty weak U-Nets on real MNIST
//md The demo's 100-step cohort (`models/mnist`, 100 Adam steps each on a window of times): each member alone draws
//md blobs and strokes. Fit the 20 on real MNIST digits and draw a grid.
Path mnist = Path.of(System.getProperty("ksi.root", "..")).resolve("models/mnist");
List<ModelSpec> cohort = Manifest.read(mnist.resolve("manifest.json")).models().stream().filter(m -> "mnist-100".equals(m.tags().get("cohort"))).toList();
List<FeatureField> weak = FeatureFields.load(cohort, LoadOptions.DEFAULT);
Dataset digits = RealImages.MNIST_TRAIN.images();
KernelEnsemble ens = Fitter.fit(weak, FitPlan.builder(Schedules.LINEAR, Grids.uniform(quick ? 8 : 20), new PairSource(digits, quick ? 128 : 512, 0)).progress(Nb.progress()).build());
NDArray imgs = ens.sample(SampleRequest.of(32, 1, quick ? 8 : 20), nd, Progress.NONE);
Nb.grid(imgs, "32 samples of the kernel ensemble of the 20 weak MNIST U-Nets");
//--
Nb.eta(ens);
//--
ens.close(); gauss.close(); nd.close();
