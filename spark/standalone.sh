#!/usr/bin/env bash
# A Spark standalone cluster on this machine, as an operator runs one, from the jars the build already has (no Spark
# download): a SPARK_HOME whose jars/ holds Spark's jars only, a master and N workers on loopback, each executor in a
# JVM of its own. docs/distributed.md walks through a fit on it.
#
#   spark/standalone.sh start [WORKERS]   master on spark://127.0.0.1:$KSI_SPARK_PORT (7077), WORKERS workers (1)
#   spark/standalone.sh status            the daemons' PIDs and the master's workers
#   spark/standalone.sh stop              stops them all
#   spark/standalone.sh submit ARGS...    org.apache.spark.deploy.SparkSubmit --master spark://... ARGS
#
# Environment: KSI_SPARK_HOME (default spark/target/spark-home), KSI_SPARK_PORT (7077), KSI_WORKER_CORES (2),
# KSI_WORKER_MEMORY (6g).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
home="${KSI_SPARK_HOME:-$root/spark/target/spark-home}"
port="${KSI_SPARK_PORT:-7077}"
master="spark://127.0.0.1:$port"
run="$home/run"
# what Spark 3.5 needs opened on Java 17 (its own launcher passes the same)
opens="--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED -Djdk.reflect.useDirectMethodHandle=false"

layout() {
  local cp="$root/spark/target/classpath.txt"
  if [ ! -f "$cp" ]; then
    echo "standalone: $cp missing: build first (mvn -B -q install -DskipTests)" >&2
    exit 1
  fi
  rm -rf "$home/jars"
  mkdir -p "$home/jars" "$home/conf" "$run"
  # a distribution's marker: the worker's launcher then takes the executors' classpath from jars/
  echo "Spark 3.5.7 (jars from the ksi build)" > "$home/RELEASE"
  # Spark's jars and theirs; not ksi, DJL or its natives, which the application jar brings
  tr ':' '\n' < "$cp" | grep -vE '/(ai/djl|io/ksi|org/ejml|net/java/dev/jna)/|/ksi-[^/]*[.]jar$|/target/classes$' | while read -r jar; do
    ln -s "$jar" "$home/jars/$(basename "$jar")"
  done
  # the daemons' log binding (a Spark distribution ships log4j's; the build keeps slf4j-simple, ksi's)
  local simple
  simple="$(find "${MAVEN_REPO:-$HOME/.m2/repository}/org/slf4j/slf4j-simple" -name 'slf4j-simple-2*.jar' | sort | tail -1)"
  if [ -z "$simple" ]; then
    echo "standalone: slf4j-simple not in the Maven repository: run the build once (mvn -B test)" >&2
    exit 1
  fi
  ln -s "$simple" "$home/jars/$(basename "$simple")"
}

daemon() { # name class args...
  local name="$1"; shift
  SPARK_HOME="$home" SPARK_SCALA_VERSION=2.12 nohup java -Xmx1g $opens -cp "$home/jars/*" "$@" > "$run/$name.log" 2>&1 &
  echo $! > "$run/$name.pid"
}

wait_for() { # log pattern seconds
  for _ in $(seq 1 "$3"); do
    grep -q "$2" "$1" 2>/dev/null && return 0
    sleep 1
  done
  echo "standalone: no '$2' in $1 after $3 s:" >&2
  tail -20 "$1" >&2
  return 1
}

case "${1:-}" in
  start)
    workers="${2:-1}"
    if [ -f "$run/master.pid" ] && kill -0 "$(cat "$run/master.pid")" 2>/dev/null; then
      echo "standalone: already running (spark/standalone.sh stop first)" >&2
      exit 1
    fi
    layout
    daemon master org.apache.spark.deploy.master.Master --host 127.0.0.1 --port "$port" --webui-port 0
    wait_for "$run/master.log" "Starting Spark master at" 60
    for i in $(seq 1 "$workers"); do
      daemon "worker-$i" org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --webui-port 0 \
        --cores "${KSI_WORKER_CORES:-2}" --memory "${KSI_WORKER_MEMORY:-6g}" --work-dir "$home/work-$i" "$master"
      wait_for "$run/worker-$i.log" "Successfully registered with master" 60
    done
    echo "standalone: master $master, $workers worker(s); logs in $run"
    ;;
  status)
    for f in "$run"/*.pid; do
      [ -f "$f" ] || continue
      pid="$(cat "$f")"
      if kill -0 "$pid" 2>/dev/null; then state=running; else state=stopped; fi
      echo "$(basename "$f" .pid) pid $pid $state"
    done
    ;;
  stop)
    for f in "$run"/*.pid; do
      [ -f "$f" ] || continue
      kill "$(cat "$f")" 2>/dev/null || true
      rm -f "$f"
    done
    # executors the workers started, if a worker died before them (read from /proc: an executor's command line can be
    # longer than pkill looks)
    for f in /proc/[0-9]*/cmdline; do
      if tr '\0' ' ' < "$f" 2>/dev/null | grep -q "$home/jars/.*CoarseGrainedExecutorBackend"; then
        pid="${f#/proc/}"; kill "${pid%/cmdline}" 2>/dev/null || true
      fi
    done
    echo "standalone: stopped"
    ;;
  submit)
    shift
    jar="$(ls "$root"/spark/target/ksi-spark-*-cluster.jar 2>/dev/null | head -1)"
    if [ -z "$jar" ]; then
      echo "standalone: no cluster jar: mvn -B -q -Pcluster -pl spark -am package -DskipTests" >&2
      exit 1
    fi
    exec java -Xmx2g $opens -Dai.djl.offline=true -cp "$home/jars/*" org.apache.spark.deploy.SparkSubmit \
      --master "$master" --class io.ksi.app.cli.Ksi \
      --conf "spark.executor.extraJavaOptions=$opens -Dai.djl.offline=true" \
      --conf "spark.executorEnv.GLIBC_TUNABLES=glibc.malloc.trim_threshold=268435456:glibc.malloc.mmap_threshold=33554432:glibc.malloc.arena_max=1" \
      --conf spark.ui.enabled=false \
      "$jar" "$@"
    ;;
  *)
    sed -n '2,13p' "$0"
    exit 2
    ;;
esac
