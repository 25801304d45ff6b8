//md # Colour: weak emoji models combined without training
//md The paper's CelebA protocol on real colour art (`models/emoji`): 25 U-Nets trained 20 epochs each on Noto Emoji
//md (the paper's 5 epochs of 3,275 emoji are only 128 steps, after which members draw blots) and 10 on Twemoji.
//md Each alone draws blots or pieces of heads; fitted together on Noto pairs their drift loss falls with every member
//md added, and the ensemble of 25 draws what an oracle trained twelve times longer draws: heads and figures on white,
//md not yet emoji a person could name. `./ksi demo color` measures it with the project's emoji judge (docs/demo-color.md).
boolean quick = Boolean.getBoolean("ksi.quick");
Path emoji = Path.of(System.getProperty("ksi.root", "..")).resolve("models/emoji");
Manifest all = Manifest.read(emoji.resolve("manifest.json"));
List<ModelSpec> noto = all.models().stream().filter(m -> "noto".equals(m.tags().get("cohort"))).toList();
List<ModelSpec> twemoji = all.models().stream().filter(m -> "twemoji".equals(m.tags().get("cohort"))).toList();
Dataset art = RealImages.NOTO_TRAIN.images();
int steps = quick ? 5 : 10;
FitPlan plan = FitPlan.builder(Schedules.LINEAR, Grids.uniform(steps), new PairSource(art.slice(0, art.size() - art.size() / 10), quick ? 96 : 384, 0)).heldOut(new PairSource(art.slice(art.size() - art.size() / 10, art.size()), quick ? 48 : 128, 1)).parallelTimes(true).progress(Nb.progress()).build();
KernelEnsemble fit = Fitter.fit(FeatureFields.load(noto, LoadOptions.DEFAULT), plan);
//--
//md ## Real Noto emoji (held out), and one member as trained
NDManager nd = NDManager.newBaseManager("PyTorch");
Nb.grid(RealImages.NOTO_HELD_OUT.images().rows(nd, java.util.stream.IntStream.range(0, 32).toArray()), "real Noto emoji");
//--
KernelEnsemble one = fit.subset(new int[] {0});
System.out.printf("held-out loss: one member fitted %.1f, all %d fitted %.1f%n", one.meanHeldOutLoss(), noto.size(), fit.meanHeldOutLoss());
//--
//md ## The ensemble of 25
Nb.grid(fit.sample(SampleRequest.of(32, 1, quick ? 10 : 25), nd, Progress.NONE), "25 weak Noto models, combined");
//--
//md ## eta(t): which member carries which time
Nb.chart(io.ksi.app.plot.Plots.eta(fit));
//--
nd.close(); fit.close();
