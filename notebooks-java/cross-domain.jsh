//md # Cross-domain composition
//md Ten weak digit models, then the same ten plus thirty models trained on letters, garments and a cursive script —
//md all fitted with digit pairs. The other domains' models cannot draw digits, yet their velocities help.
boolean quick = Boolean.getBoolean("ksi.quick");
Path demo = Path.of(System.getProperty("ksi.root", "..")).resolve("models/demo");
Manifest all = Manifest.read(demo.resolve("manifest.json"));
List<ModelSpec> digitModels = all.models().stream().filter(m -> "digits-100".equals(m.tags().get("cohort"))).limit(10).toList();
List<ModelSpec> others = all.models().stream().filter(m -> List.of("letters", "garments", "cursive").contains(m.tags().get("cohort"))).toList();
List<ModelSpec> union = new ArrayList<>(digitModels); union.addAll(others);
Dataset digits = ProceduralImages.generate(Domain.DIGITS, 2000, 3);
Dataset heldOut = ProceduralImages.generate(Domain.DIGITS, 500, 4);
int steps = quick ? 8 : 20;
KernelEnsemble fit = Fitter.fit(FeatureFields.load(union, LoadOptions.DEFAULT), Schedules.LINEAR, Grids.uniform(steps), new PairSource(digits, quick ? 128 : 512, 0), new PairSource(heldOut, quick ? 64 : 256, 1), Fitter.Options.defaults().withProgress(Nb.progress()));
//--
//md ## Held-out loss of the drift: target-only vs cross-domain
KernelEnsemble targetOnly = fit.subset(java.util.stream.IntStream.range(0, 10).toArray());
System.out.printf("mean held-out loss: 10 digit models %.4f, 10 digit + 30 other-domain models %.4f%n", targetOnly.meanHeldOutLoss(), fit.meanHeldOutLoss());
//--
NDManager nd = NDManager.newBaseManager("PyTorch");
Nb.grid(SampleRunner.sample(targetOnly, targetOnly.schedule(), Sampler.byName("optimal"), digits.sampleShape(), 32, Grids.uniform(steps), 1, 32, Device.cpu(), nd, Progress.NONE));
//--
Nb.grid(SampleRunner.sample(fit, fit.schedule(), Sampler.byName("optimal"), digits.sampleShape(), 32, Grids.uniform(steps), 1, 32, Device.cpu(), nd, Progress.NONE));
//--
nd.close(); fit.close();
