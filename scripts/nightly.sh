#!/usr/bin/env bash
# Nightly retraining, for cron, systemd timers, Airflow or a Kubernetes CronJob: one night's run of
# `seqtrain nightly`, through scripts/submit.sh on a cluster or scripts/seqtrain in local mode.
set -euo pipefail

usage() {
  cat <<'USAGE'
usage: scripts/nightly.sh [--master <url>] [--job <file|name>] [--date YYYY-MM-DD] [--force]
                          [--set key=value]...

Retrains the job's model on one night's data (the job's input path names it with ${date}; default
yesterday, UTC): a warm start from CURRENT when the model and preprocessing match, then CURRENT moves
only if the new model is not worse than nightly.tolerance on the night's validation data. A night
that already ran does nothing unless --force; a lock keeps two runs of one model apart.

  scripts/nightly.sh --master yarn                                  # last night, jobs/nightly-retrain.conf
  scripts/nightly.sh --master yarn --date 2026-11-20 --force        # backfill or redo one night
  scripts/nightly.sh --set output=hdfs://nn:8020/models             # local mode (MASTER unset)

Options: --master (default $MASTER, else local mode), --job (default nightly-retrain), --set as for
seqtrain. Environment: as scripts/submit.sh and scripts/seqtrain.

Exit codes, for the scheduler:
  0  promoted, or the night already ran: nothing to do
  1  failed (the log says why; CURRENT is untouched): alert, retry after fixing
  2  invalid job, options or input data: alert, do not retry
  3  trained and published, but the gate kept CURRENT on the previous model: alert, do not retry
  4  another run of this model holds its lock: retry later
USAGE
}

master=${MASTER:-}
args=(nightly --job nightly-retrain)
while [ $# -gt 0 ]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --master) master=${2:?--master needs a URL}; shift 2 ;;
    --job|--date|--set) args+=("$1" "${2:?$1 needs a value}"); shift 2 ;;
    --force) args+=(--force); shift ;;
    *) echo "nightly.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
done

scripts=$(dirname "${BASH_SOURCE[0]}")
if [ -z "$master" ] || [[ $master == local* ]]; then
  MASTER=${master:-local[*]} exec "$scripts/seqtrain" "${args[@]}"
fi
exec "$scripts/submit.sh" --master "$master" -- "${args[@]}"
