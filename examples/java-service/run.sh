#!/usr/bin/env bash
# Builds the service (once ksi is installed: mvn -q install -DskipTests in the ksi checkout) and runs it:
#   ./run.sh ENSEMBLE.json [N]            print N samples and their mean
#   ./run.sh ENSEMBLE.json --serve PORT   serve GET /sample?n=N&seed=S
set -euo pipefail
cd "$(dirname "$0")"
mvn -B -q package
exec java -Dai.djl.offline=true -cp "target/classes:$(cat target/classpath.txt)" com.example.ksi.SampleService "$@"
