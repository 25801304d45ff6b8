//md # Cross-domain composition
//md Ten weak MNIST models, then the same ten plus thirty models trained on Fashion-MNIST, procedural letters and a
//md cursive script (the demo's cohorts in `models/mnist`), all fitted with real MNIST pairs. The other domains' models
//md cannot draw digits, yet their velocities help: `./ksi demo` measures it with the judge's FID.
boolean quick = Boolean.getBoolean("ksi.quick");
Path mnist = Path.of(System.getProperty("ksi.root", "..")).resolve("models/mnist");
Manifest all = Manifest.read(mnist.resolve("manifest.json"));
List<ModelSpec> digitModels = all.models().stream().filter(m -> "mnist-100".equals(m.tags().get("cohort"))).limit(10).toList();
List<ModelSpec> others = all.models().stream().filter(m -> List.of("fashion", "letters", "cursive").contains(m.tags().get("cohort"))).toList();
List<ModelSpec> union = new ArrayList<>(digitModels); union.addAll(others);
Dataset digits = RealImages.MNIST_TRAIN.images();
Dataset heldOut = RealImages.MNIST_HELD_OUT.images();
int steps = quick ? 8 : 20;
FitPlan plan = FitPlan.builder(Schedules.LINEAR, Grids.uniform(steps), new PairSource(digits, quick ? 128 : 512, 0)).heldOut(new PairSource(heldOut, quick ? 64 : 256, 1)).parallelTimes(true).progress(Nb.progress()).build();
KernelEnsemble fit = Fitter.fit(FeatureFields.load(union, LoadOptions.DEFAULT), plan);
//--
//md ## Held-out loss of the drift: target-only vs cross-domain
KernelEnsemble targetOnly = fit.subset(java.util.stream.IntStream.range(0, 10).toArray());
System.out.printf("mean held-out loss: 10 MNIST models %.4f, 10 MNIST + 30 other-domain models %.4f%n", targetOnly.meanHeldOutLoss(), fit.meanHeldOutLoss());
//--
NDManager nd = NDManager.newBaseManager("PyTorch");
Nb.grid(targetOnly.sample(SampleRequest.of(32, 1, steps), nd, Progress.NONE), "the 10 MNIST models alone");
//--
Nb.grid(fit.sample(SampleRequest.of(32, 1, steps), nd, Progress.NONE), "the 10 MNIST models and 30 of other domains");
//--
nd.close(); fit.close();
