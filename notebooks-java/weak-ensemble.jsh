//md # The weak-ensemble study on procedural digits
//md Two cohorts of 20 weak U-Nets (50 and 100 training steps) on procedural digits, one fit of the union, an
//md ensemble-size sweep scored by the oracle's log-likelihood: the earlier study, `./ksi demo --procedural`
//md (`./ksi demo` itself is the study on real MNIST), at its quick sizes when `ksi.quick` is set.
boolean quick = Boolean.getBoolean("ksi.quick");
Path demo = Path.of(System.getProperty("ksi.root", "..")).resolve("models/demo");
StudySettings settings = quick ? StudySettings.quick(0) : StudySettings.full(0);
WeakEnsembleStudy.Outcome outcome = new WeakEnsembleStudy(DemoModels.manifest(demo), DemoModels.oracleManifest(demo), settings, System.out::println, Progress.NONE).run();
//--
//md ## Log-likelihood against ensemble size
Nb.chart(DemoCharts.likelihoodChart(outcome));
//--
System.out.print(DemoReport.summary(outcome));
//--
//md ## Best single member and the ensemble of 20 (100-step cohort)
NDManager nd = NDManager.newBaseManager("PyTorch");
Nb.grid(nd.create(DemoStatistics.bestMember(outcome, "digits-100").samples(), new Shape(settings.samples(), 1, 28, 28)), "the best single member of the 100-step cohort, as trained");
//--
Nb.grid(nd.create(DemoStatistics.full(outcome, "digits-100").samples(), new Shape(settings.samples(), 1, 28, 28)), "the kernel ensemble of all 20 members of the 100-step cohort");
//--
nd.close(); outcome.union().close();
