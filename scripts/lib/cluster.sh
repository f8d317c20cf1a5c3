# Sourced by scripts/cluster-test and scripts/bench-scaling, after lib/jars.sh (home, spark_jars): a
# real Spark standalone cluster on 127.0.0.1, a master and one-core workers started from the
# Maven-resolved Spark jars on free ports, in a work directory from mktemp that is removed on exit.
# Every process it starts is stopped on exit by PID, with its descendants (the workers' executor JVMs,
# the drivers a background spark-submit started).
#
#   cluster_init <name> <work-dir prefix>  # sets work, pids and the EXIT trap; <name> prefixes messages
#   cluster_start <workers> [<log dir>]    # sets master and workers (their PIDs); logs in <log dir> ($work)
#   cluster_stop                           # stops every process in pids, and their descendants
#
# Also: fail <message> (prints the tails of the cluster's logs and exits 1), free_port, wait_for <pattern> <file>
# <seconds>, now. A script may add the PIDs of its own background processes to pids.

cluster_init() {
  cluster_name=$1
  work=$(mktemp -d "${TMPDIR:-/tmp}/$2.XXXXXX")
  pids=()
  cluster_keep_work=${cluster_keep_work:-}
  trap cluster_cleanup EXIT
}

# Every descendant of the given PIDs, children before their own children.
cluster_descendants() {
  local pid child
  for pid in "$@"; do
    for child in $(pgrep -P "$pid" 2>/dev/null || true); do
      echo "$child"
      cluster_descendants "$child"
    done
  done
}

cluster_stop() {
  local all pid i alive
  # Executors are children of the workers, and a background driver is the child of the shell that ran
  # submit.sh: collect them while their parents are alive, then stop them all by PID.
  all=("${pids[@]}" $(cluster_descendants "${pids[@]}"))
  for pid in "${all[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  for ((i = 0; i < 20; i++)); do # the descendants are not this shell's children: poll until they are gone
    alive=0
    for pid in "${all[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ "$alive" -eq 0 ] && break
    sleep 0.5
  done
  pids=()
}

cluster_cleanup() {
  cluster_stop
  if [ -n "$cluster_keep_work" ]; then echo "$cluster_name: kept $work" >&2; else rm -rf "$work"; fi
}

fail() { echo "$cluster_name: FAILED: $*" >&2; for f in "${cluster_logs:-$work}"/*.log; do echo "--- $f" >&2; tail -n 30 "$f" >&2; done; exit 1; }
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
# Waits (at most $3 seconds) for a pattern in a file.
wait_for() {
  local pattern=$1 file=$2 seconds=$3
  for ((i = 0; i < seconds; i++)); do
    grep -q -- "$pattern" "$file" 2>/dev/null && return 0
    sleep 1
  done
  fail "no '$pattern' in $file after ${seconds}s"
}
now() { date +%s; }

# A master and $1 workers of one core (and 2g for executors) each; master is its spark:// URL, workers
# the workers' PIDs (also in pids). Logs: <log dir>/master.log, worker<n>.log; work dirs <log dir>/worker<n>.
cluster_start() {
  local count=$1 logs=${2:-$work} port w
  cluster_logs=$logs
  export SPARK_HOME="$home/target/spark" SPARK_LOCAL_IP=127.0.0.1 SPARK_SCALA_VERSION=2.12
  mkdir -p "$logs"
  port=$(free_port)
  java -Xmx256m -cp "$spark_jars/*" org.apache.spark.deploy.master.Master --host 127.0.0.1 --port "$port" \
    --webui-port "$(free_port)" >"$logs/master.log" 2>&1 &
  pids+=($!)
  wait_for "I have been elected leader" "$logs/master.log" 60
  master=spark://127.0.0.1:$port
  workers=()
  for ((w = 1; w <= count; w++)); do
    mkdir -p "$logs/worker$w"
    java -Xmx256m -cp "$spark_jars/*" org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --cores 1 --memory 2g \
      --port "$(free_port)" --webui-port "$(free_port)" --work-dir "$logs/worker$w" "$master" >"$logs/worker$w.log" 2>&1 &
    pids+=($!)
    workers+=($!)
  done
  for ((w = 1; w <= count; w++)); do
    wait_for "Successfully registered with master" "$logs/worker$w.log" 60
  done
}
