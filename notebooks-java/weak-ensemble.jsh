//md # The weak-ensemble study
//md Two cohorts of 20 weak U-Nets (50 and 100 training steps), one fit of the union, an ensemble-size sweep scored
//md by the oracle's log-likelihood. The same study as `./ksi demo`, at its quick sizes when `ksi.quick` is set.
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
Nb.grid(nd.create(DemoStatistics.bestMember(outcome, "digits-100").samples(), new Shape(settings.samples(), 1, 28, 28)));
//--
Nb.grid(nd.create(DemoStatistics.full(outcome, "digits-100").samples(), new Shape(settings.samples(), 1, 28, 28)));
//--
nd.close(); outcome.union().close();
