#!/usr/bin/env bash
# seqtrain on a cluster: a spark-submit of the job jar with everything seqtrain needs set once.
set -euo pipefail

usage() {
  cat <<'USAGE'
usage: scripts/submit.sh --master <url> [--deploy-mode client|cluster] [--conf key=value]...
                         [--] <seqtrain command> [options]

Submits the job jar (target/seqtrain-*-job.jar, built when stale) with main class
dev.seqtrain.cli.Main, conf/spark-defaults.conf, the Java 17 --add-opens flags for the driver and
the executors, ND4J's off-heap cap and the executors' memory overhead; adds the S3A jars when an
argument names an s3a:// path. Everything after the spark options is seqtrain's own command line:

  scripts/submit.sh --master spark://10.0.0.5:7077 train --job sample-forecast --set output=hdfs://nn:8020/models
  scripts/submit.sh --master yarn --deploy-mode cluster -- nightly --job nightly-retrain
  scripts/submit.sh --master k8s://https://api.example:6443 --deploy-mode cluster \
      --conf spark.kubernetes.container.image=registry.example/seqtrain:0.1.0 -- train --job my.conf

Environment:
  SPARK_SUBMIT                 the spark-submit to run (default: spark-submit on PATH, else Spark's own
                               SparkSubmit from the Maven-resolved jars in target/spark/jars)
  SEQTRAIN_OFFHEAP_MEMORY      ND4J's native memory cap per JVM (default 2g): -Dorg.bytedeco.javacpp.maxbytes
  SEQTRAIN_EXECUTOR_OVERHEAD   spark.executor.memoryOverhead (default 2g; each train run logs what it needs)
  SEQTRAIN_EXECUTOR_CORES      spark.executor.cores (default 1: one training worker per executor)
  SEQTRAIN_JAVA_OPTIONS        more JVM flags for the driver and the executors, e.g.
                               -Dorg.bytedeco.javacpp.maxphysicalbytes=2700m (see README, Memory)

Exit codes are seqtrain's (0 success, 1 failed, 2 invalid input, 3 nightly gate kept CURRENT,
4 nightly lock held); spark-submit's own failures exit 1.
USAGE
}

master=""
deploy_mode=client
spark_conf=()
while [ $# -gt 0 ]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --master) master=${2:?--master needs a URL}; shift 2 ;;
    --deploy-mode) deploy_mode=${2:?--deploy-mode needs client or cluster}; shift 2 ;;
    --conf) spark_conf+=(--conf "${2:?--conf needs key=value}"); shift 2 ;;
    --) shift; break ;;
    -*) echo "submit.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
    *) break ;;
  esac
done
if [ -z "$master" ] || [ $# -eq 0 ]; then usage >&2; exit 2; fi
case "$deploy_mode" in client|cluster) ;; *) echo "submit.sh: --deploy-mode must be client or cluster" >&2; exit 2 ;; esac

source "$(dirname "${BASH_SOURCE[0]}")/lib/jars.sh"

# One list of JVM flags for the driver and every executor: the pom's --add-opens, plus ND4J's cap.
java_options="$(build_property jvm.flags) -Dorg.bytedeco.javacpp.maxbytes=${SEQTRAIN_OFFHEAP_MEMORY:-2g} ${SEQTRAIN_JAVA_OPTIONS:-}"

if [ -n "${SPARK_SUBMIT:-}" ]; then
  submit=("$SPARK_SUBMIT")
elif command -v spark-submit >/dev/null; then
  submit=(spark-submit)
else
  export SPARK_LOCAL_IP=${SPARK_LOCAL_IP:-127.0.0.1}
  submit=(java -Xmx"${SEQTRAIN_DRIVER_MEMORY:-4g}" $(build_property jvm.flags)
          -Dlog4j.configurationFile="$home/conf/log4j2.properties" -cp "$spark_jars/*" org.apache.spark.deploy.SparkSubmit)
fi

# S3A is not in every Spark distribution: ship the jars this build resolved when a path needs them.
extra=()
if [[ " $* " == *s3a://* ]]; then
  s3a_jars=$(ls "$spark_jars"/hadoop-aws-*.jar "$spark_jars"/aws-java-sdk-*.jar 2>/dev/null | paste -sd, -)
  extra+=(--jars "$s3a_jars")
fi

exec "${submit[@]}" \
  --master "$master" \
  --deploy-mode "$deploy_mode" \
  --class dev.seqtrain.cli.Main \
  --properties-file "$home/conf/spark-defaults.conf" \
  --conf "spark.driver.extraJavaOptions=$java_options" \
  --conf "spark.executor.extraJavaOptions=$java_options" \
  --conf "spark.executor.memoryOverhead=${SEQTRAIN_EXECUTOR_OVERHEAD:-2g}" \
  --conf "spark.executor.cores=${SEQTRAIN_EXECUTOR_CORES:-1}" \
  "${extra[@]}" "${spark_conf[@]}" \
  "$jar" "$@"
