"""Scaling of parameter-averaging training over executors (scripts/bench-scaling): the generated inputs,
the executors' memory sampler, and the model of epoch time fitted to the runs' training stats.

  scaling_model.py data DIR              writes DIR/lstm128.csv (the training benchmark's LSTM 128 shape as a
                                         forecast series) and DIR/sensors/*.csv (input for jobs/sensors-forecast)
  scaling_model.py sample OUT ROOT PID...
                                         every 0.5 s, each executor JVM (a CoarseGrainedExecutorBackend child
                                         of a PID given) -> OUT: VmHWM, VmRSS, RssAnon, RssFile and the heap's
                                         resident part, and the cores used by processes outside ROOT's tree;
                                         runs until killed
  scaling_model.py quiet ROOT CORES SECONDS
                                         waits (at most SECONDS) until processes outside ROOT's tree use under
                                         CORES cores; prints the wait and their load
  scaling_model.py report WORK JSON [--gbit 10]
                                         reads WORK/runs/*/ (what bench-scaling wrote) and the runs' metrics.json
                                         and training-stats/epoch-<n>.json, writes JSON, then fits as below
  scaling_model.py fit JSON [--gbit 10]  fits the model to the runs in JSON, prints the tables and the
                                         projection, and writes the fitted model back into JSON

The model (README, Performance, Scaling): an averaging round with W workers, each fitting f minibatches of
B windows, state S = 4 * parameters * (1 + updater slots) bytes (what NetworkState broadcasts and each
RoundResult sends back) costs

  slowest worker's fit   t_window * B * f + phi0 + phi0w * (W - 1)
                         (t_window per job, batch and W; phi0: borrowing the network, fetching and applying
                         the broadcast state)
  driver broadcast       beta0 + beta_b * S                   (serialising the state into a torrent block)
  averaging              alpha0 + alpha_a * S
  Spark around it        c0 + c1 * (W - 1) + beta_s * S + beta_w * S * (W - 1)
                         (scheduling the job and its W tasks; each result serialised, sent, deserialised and
                         summed at the driver)

each constant fitted by non-negative least squares to the measured rounds (the first epoch of a run, JIT
and ND4J warm-up, left out). Projected onto a network, every byte through the driver's link also costs
1 / bandwidth (an explicit, printed assumption), and past 16 workers the results are summed by treeReduce
(depth 2): one more stage, and the driver receives n partial sums instead of W.
"""
import glob
import json
import math
import os
import re
import statistics
import sys
import time

MB = 1e6
TREE_AGGREGATION_WORKERS = 16  # ParameterAveragingTrainer.TREE_AGGREGATION_WORKERS
BROADCAST_BLOCK = 4 * 1024 * 1024  # spark.broadcast.blockSize default
UPDATER_SLOTS = {"adam": 2, "rmsprop": 1, "nesterovs": 1, "sgd": 0}
PROJECT_WORKERS = [1, 2, 4, 8, 16, 32, 64]
FREQUENCIES = [1, 2, 3, 5, 10, 20, 50, 100, 200, 500, 1000]


# ------------------------------------------------------------------------------------------------ data

def data(folder):
    """The LSTM 128 shape of job/TrainingBenchmark (8 features of uniform noise, windows of 100 steps,
    target the mean of feature 0 over the window's last 10 steps) as one series: 5,250 rows give about
    4,100 training windows (stride 1, horizon 1, the last 20% of rows validate); and hourly readings of
    six sensors for jobs/sensors-forecast, with a few empty fields for its interpolation."""
    import numpy as np
    os.makedirs(folder + "/sensors", exist_ok=True)
    rng = np.random.default_rng(1)
    rows = 5250
    x = rng.uniform(-1, 1, size=(rows, 8))
    y = np.zeros(rows)
    for t in range(10, rows):
        y[t] = x[t - 10:t, 0].mean()
    with open(folder + "/lstm128.csv", "w") as out:
        out.write("t," + ",".join("f%d" % i for i in range(8)) + ",y\n")
        for t in range(rows):
            out.write("%d,%s,%.5f\n" % (t, ",".join("%.5f" % v for v in x[t]), y[t]))
    hours = 60 * 24
    for part, sensors in (("a", ["north-1", "north-2", "north-3"]), ("b", ["south-1", "south-2", "south-3"])):
        with open("%s/sensors/sensors-%s.csv" % (folder, part), "w") as out:
            out.write("sensor,time,temperature,humidity,pressure\n")
            for s, sensor in enumerate(sensors):
                phase = rng.uniform(0, 2 * math.pi)
                pressure = 1013.0
                for h in range(hours):
                    day, hour = divmod(h, 24)
                    temperature = 8 + 5 * math.sin(2 * math.pi * h / 24 + phase) + 2 * math.sin(2 * math.pi * h / 240) \
                        + rng.normal(0, 0.5)
                    humidity = min(1.0, max(0.2, 0.75 - 0.02 * (temperature - 8) + rng.normal(0, 0.03)))
                    pressure += rng.normal(0, 0.3) - 0.01 * (pressure - 1013.0)
                    fields = ["%.2f" % temperature, "%.3f" % humidity, "%.1f" % pressure]
                    if 24 < h < hours - 24 and rng.random() < 0.004:
                        fields[int(rng.integers(0, 3))] = ""  # a gap, interpolated within the sensor
                    out.write("%s,2026-10-%02dT%02d:00:00,%s\n" % (sensor, 1 + day, hour, ",".join(fields))
                              if day < 31 else "%s,2026-11-%02dT%02d:00:00,%s\n" % (sensor, day - 30, hour,
                                                                                 ",".join(fields)))


# --------------------------------------------------------------------------------------------- sampler

def _processes():
    """pid -> (ppid, utime + stime in clock ticks) for every process."""
    found = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % entry) as f:
                stat = f.read()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        found[int(entry)] = (int(fields[1]), int(fields[11]) + int(fields[12]))
    return found


def _descendants(processes, root):
    children = {}
    for pid, (ppid, _) in processes.items():
        children.setdefault(ppid, []).append(pid)
    found, todo = set(), [root]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def _busy_ticks():
    """Clock ticks every CPU of the machine spent busy (user, nice, system, irq, softirq, steal)."""
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:]]
    return v[0] + v[1] + v[2] + v[5] + v[6] + (v[7] if len(v) > 7 else 0)


class _CpuShare:
    """CPU used by processes outside a tree (the bench's own: cluster, drivers, executors, this sampler) since
    the start, in cores: the other users of a shared machine."""

    def __init__(self, root):
        self.root = root
        self.start_time = time.time()
        self.start_busy = _busy_ticks()
        self.first, self.last = {}, {}
        self.started = False
        self.update()
        self.started = True

    def update(self):
        processes = _processes()
        for pid in _descendants(processes, self.root) | {self.root}:
            if pid in processes:
                # a process already running counts from now; one started later, from its start
                self.first.setdefault(pid, 0 if self.started else processes[pid][1])
                self.last[pid] = processes[pid][1]
        return processes

    def others_cores(self):
        elapsed = time.time() - self.start_time
        ours = sum(self.last[p] - self.first[p] for p in self.last)
        ticks = os.sysconf("SC_CLK_TCK")
        return max(0.0, (_busy_ticks() - self.start_busy - ours) / ticks / max(elapsed, 1e-3))


def quiet(root, threshold, most_seconds):
    """Waits (at most `most_seconds`) until processes outside the bench used under `threshold` cores over 2 s."""
    start = time.time()
    while True:
        share = _CpuShare(int(root))
        time.sleep(2)
        share.update()
        others = share.others_cores()
        waited = time.time() - start
        if others < threshold or waited >= most_seconds:
            print("%.1f %.2f" % (waited, others))
            return
        time.sleep(3)


def _heap_range(pid, heap_bytes):
    """The Java heap's address range: adjacent mappings spanning exactly -Xmx, anonymous (G1's committed
    regions rw-p, the rest of its reservation ---p) or the CDS archive's heap regions (classes.jsa), at the
    lowest address where they do (compressed oops put the heap below 32 GB; glibc's malloc arenas, which can
    also line up to 1 GB, sit far above)."""
    next_of = {}
    with open("/proc/%d/maps" % pid) as f:
        for line in f:
            parts = line.split()
            start, end = (int(v, 16) for v in parts[0].split("-"))
            if (len(parts) < 6 and parts[4] == "0") or parts[-1].endswith(".jsa"):
                next_of[start] = end
    ends = set(next_of.values())
    for start in sorted(next_of):
        position = start
        while position in next_of and position - start < heap_bytes:
            position = next_of[position]
        if position - start == heap_bytes and position in ends:
            return start, position
    return None


def _heap_rss_kb(pid, heap):
    """Resident kB of the mappings inside the heap's range (from /proc/<pid>/smaps)."""
    total, inside = 0, False
    with open("/proc/%d/smaps" % pid) as f:
        for line in f:
            if re.match(r"[0-9a-f]+-[0-9a-f]+ ", line):
                start, end = (int(v, 16) for v in line.split()[0].split("-"))
                inside = heap[0] <= start and end <= heap[1]
            elif inside and line.startswith("Rss:"):
                total += int(line.split()[1])
    return total


def _xmx_bytes(cmdline):
    for arg in cmdline:
        m = re.match(r"-Xmx(\d+)([kKmMgG]?)$", arg)
        if m:
            return int(m.group(1)) * {"": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30}[m.group(2).lower()]
    return None


def sample(out_path, root, parents, interval=0.5, heap_every=4):
    """Every `interval` s, for each executor JVM (a CoarseGrainedExecutorBackend child of one of `parents`):
    `time pid VmHWM VmRSS RssAnon RssFile heapRss xmx` (kB; heapRss, the Java heap's resident part, every
    `heap_every` ticks, else -1); and `# cpu time others` (cores used since the start by processes outside
    the tree of `root`). Runs until killed."""
    parents = {int(p) for p in parents}
    executors = {}  # pid -> [xmx bytes, heap range]
    share = _CpuShare(int(root))
    tick = 0
    with open(out_path, "a", buffering=1) as out:
        while True:
            now = time.time()
            processes = share.update()
            for pid in [p for p, (ppid, _) in processes.items() if ppid in parents]:
                if pid not in executors:
                    try:
                        with open("/proc/%d/cmdline" % pid, "rb") as f:
                            cmdline = f.read().decode(errors="replace").split("\0")
                    except OSError:
                        continue
                    if not any("CoarseGrainedExecutorBackend" in a for a in cmdline):
                        continue
                    executors[pid] = [_xmx_bytes(cmdline), None]
                    out.write("# executor %d: %s\n" % (pid, " ".join(cmdline)))
                xmx, heap = executors[pid]
                try:
                    fields = {}
                    with open("/proc/%d/status" % pid) as f:
                        for line in f:
                            key, _, value = line.partition(":")
                            if key in ("VmHWM", "VmRSS", "RssAnon", "RssFile"):
                                fields[key] = int(value.split()[0])
                    heap_rss = -1
                    if xmx and tick % heap_every == 0:
                        if heap is None:
                            heap = executors[pid][1] = _heap_range(pid, xmx)
                        if heap is not None:
                            heap_rss = _heap_rss_kb(pid, heap)
                except (OSError, ValueError):
                    continue
                out.write("%.2f %d %d %d %d %d %d %d\n" % (now, pid, fields.get("VmHWM", -1), fields.get("VmRSS", -1),
                                                         fields.get("RssAnon", -1), fields.get("RssFile", -1),
                                                         heap_rss, xmx or -1))
            out.write("# cpu %.2f %.3f\n" % (now, share.others_cores()))
            tick += 1
            time.sleep(max(0.0, interval - (time.time() - now)))


def read_samples(path):
    """Per executor: peak VmHWM, peak VmRSS, peak (VmRSS - heap's resident part), peak RssFile, samples."""
    per = {}
    if not os.path.exists(path):
        return per, None
    others = None
    with open(path) as f:
        for line in f:
            if line.startswith("# cpu "):
                others = float(line.split()[3])
            if line.startswith("#"):
                continue
            parts = line.split()
            if len(parts) < 8:
                continue
            _, pid, hwm, rss, anon, file_, heap, xmx = (float(p) for p in parts)
            e = per.setdefault(int(pid), {"hwmMB": 0, "rssMB": 0, "nonHeapMB": None, "rssFileMB": 0,
                                          "heapResidentMB": None, "xmxMB": xmx / (1 << 20) if xmx > 0 else None,
                                          "samples": 0})
            e["samples"] += 1
            e["hwmMB"] = max(e["hwmMB"], hwm / 1024)
            e["rssMB"] = max(e["rssMB"], rss / 1024)
            e["rssFileMB"] = max(e["rssFileMB"], file_ / 1024)
            if heap >= 0:
                e["heapResidentMB"] = max(e["heapResidentMB"] or 0, heap / 1024)
                e["nonHeapMB"] = max(e["nonHeapMB"] or 0, (rss - heap) / 1024)
    return per, others


# ---------------------------------------------------------------------------------------------- collect

def _meta(path):
    meta = {}
    with open(path) as f:
        for line in f:
            key, _, value = line.rstrip("\n").partition("=")
            meta[key] = value
    return meta


def collect(work):
    runs = []
    for folder in sorted(glob.glob(work + "/runs/*/")):
        meta = _meta(folder + "meta.txt")
        run = {"id": meta["id"], "job": meta["job"], "kind": meta["kind"], "workers": int(meta["workers"]),
               "exit": meta.get("exit"), "wallSeconds": float(meta.get("wall_seconds") or "nan"),
               "heapMB": float(meta["heap_mb"]), "offHeapCapMB": float(meta["offheap_cap_mb"]),
               "arguments": meta.get("arguments", "")}
        log = open(folder + "driver.log", errors="replace").read() if os.path.exists(folder + "driver.log") else ""
        m = re.search(r"off-heap memory per worker: about (\d+) MB \(parameters and updater (\d+) MB, activations "
                      r"(\d+) MB, minibatches (\d+) MB\); ND4J may use (\d+) MB.*?give each executor of (\d+) task\(s\) "
                      r"spark.executor.memoryOverhead >= (\d+) MB", log, re.S)
        if m:
            run["estimate"] = {"line": m.group(0).replace("\n", " "), "perWorkerMB": int(m.group(1)),
                               "stateMB": int(m.group(2)), "activationsMB": int(m.group(3)),
                               "minibatchesMB": int(m.group(4)), "nd4jCapMB": int(m.group(5)),
                               "tasksPerExecutor": int(m.group(6)), "overheadAdvisedMB": int(m.group(7))}
        executors, others = read_samples(folder + "rss.tsv")
        run["otherProcessesCores"] = others
        if meta.get("quiet_wait"):
            waited, load = meta["quiet_wait"].split()
            run["quietWaitSeconds"], run["otherCoresBeforeStart"] = float(waited), float(load)
        run["executors"] = [dict(pid=pid, **e) for pid, e in sorted(executors.items())]
        if executors:
            non_heap = [e["nonHeapMB"] for e in executors.values() if e["nonHeapMB"] is not None]
            run["peakExecutorRssMB"] = max(max(e["hwmMB"], e["rssMB"]) for e in executors.values())
            run["peakExecutorNonHeapMB"] = max(non_heap) if non_heap else None
            heap = [e["heapResidentMB"] for e in executors.values() if e["heapResidentMB"] is not None]
            run["peakExecutorHeapResidentMB"] = max(heap) if heap else None
            run["peakExecutorRssFileMB"] = max(e["rssFileMB"] for e in executors.values())
        metrics = glob.glob("%s/models/%s/runs/*/metrics.json" % (work, meta["name"]))
        errors = [line for line in log.splitlines() if " ERROR " in line or "Exception" in line]
        if not metrics and errors:
            run["failure"] = errors[0][:300]
        if metrics:
            metrics_json = json.load(open(metrics[0]))
            folder_run = os.path.dirname(metrics[0])
            model, training = metrics_json["model"], metrics_json["training"]
            run.update({"parameters": model["parameters"], "cell": model["cell"], "hiddenSize": model["hiddenSize"],
                        "layers": model["layers"], "updater": model["updater"],
                        "batch": training["batchSizePerWorker"], "frequency": training["averagingFrequency"],
                        "trainingWorkers": training["workers"], "task": metrics_json["task"]})
            slots = UPDATER_SLOTS.get(model["updater"], 2)
            run["stateBytes"] = 4 * model["parameters"] * (1 + slots)
            epochs = []
            for e in metrics_json["epochs"]:
                stats_file = "%s/training-stats/epoch-%d.json" % (folder_run, e["epoch"])
                rounds = json.load(open(stats_file))["rounds"] if os.path.exists(stats_file) else []
                epochs.append({"epoch": e["epoch"], "fitSeconds": e["fitSeconds"], "epochSeconds": e["epochSeconds"],
                               "windowsPerSecond": e["windowsPerSecond"], "rounds": rounds})
            run["epochs"] = epochs
            last = metrics_json["epochs"][-1].get("score") or {}
            run["validation"] = {"metric": last.get("metric"), "value": last.get("value"),
                                 "epoch": metrics_json["epochs"][-1]["epoch"]}
        runs.append(run)
    return runs


# ------------------------------------------------------------------------------------------ measurement

def timed_epochs(run):
    """The epochs that count: all but the first (JIT and ND4J warm-up) when there are two or more."""
    epochs = [e for e in run.get("epochs", []) if e["rounds"]]
    return epochs[1:] if len(epochs) > 1 else epochs


def epoch_summary(run):
    """Medians over the timed epochs of the epoch's fit time and its parts."""
    parts = []
    for e in timed_epochs(run):
        broadcast = sum(r["broadcastSeconds"] for r in e["rounds"])
        average = sum(r["averageSeconds"] for r in e["rounds"])
        slowest = sum(max((w["fitSeconds"] for w in r["workers"]), default=0) for r in e["rounds"])
        total = sum(r["roundSeconds"] for r in e["rounds"])
        examples = sum(w["examples"] for r in e["rounds"] for w in r["workers"])
        parts.append({"fitSeconds": e["fitSeconds"], "epochSeconds": e["epochSeconds"], "rounds": len(e["rounds"]),
                      "broadcast": broadcast, "fit": slowest, "spark": max(0.0, total - broadcast - average - slowest),
                      "average": average, "examples": examples, "evaluation": e["epochSeconds"] - e["fitSeconds"]})
    if not parts:
        return None
    return {k: statistics.median(p[k] for p in parts) for k in parts[0]}


def config_key(run):
    return "%s b%d" % (run["job"], run["batch"])


# ------------------------------------------------------------------------------------------------- fit

# name -> (what it is, unit shown, scale from seconds or seconds per MB)
CONSTANTS = {
    "phi0": ("a worker's fixed cost per round: borrowing its network, fetching and applying the broadcast state",
             "ms per round", 1e3),
    "phi0w": ("each further worker's extra fixed cost per round (the driver serving one more fetch; on this "
              "host also CPU contention)", "ms per round per worker", 1e3),
    "beta0": ("the driver creating the broadcast", "ms per round", 1e3),
    "beta_b": ("serialising the state into the broadcast", "ms per MB", 1e3),
    "alpha0": ("the driver's averaging", "ms per round", 1e3),
    "alpha_a": ("averaging parameters and updater state", "ms per MB", 1e3),
    "c0": ("Spark around one task: scheduling the job, launching the task, taking its result", "ms per round", 1e3),
    "c1": ("each further task: its launch, its completion, its result", "ms per round per task", 1e3),
    "beta_s": ("a result serialised, sent over loopback and deserialised", "ms per MB", 1e3),
    "beta_w": ("the driver receiving and summing each further worker's result", "ms per MB per worker", 1e3),
}


def _nnls(rows, targets, names):
    """Least squares with every coefficient >= 0 (a cost cannot be negative): a coefficient the data push below
    zero is fixed at 0 and the rest refitted. Returns coefficients, standard errors (0 for those fixed at 0,
    marked in `clamped`) and the fit's quality."""
    import numpy as np
    a_all = np.array([[row.get(n, 0.0) for n in names] for row in rows], dtype=float)
    y = np.array(targets, dtype=float)
    free, _, free_rank, _ = np.linalg.lstsq(a_all, y, rcond=None)
    free_residual = y - a_all @ free
    free_se = np.sqrt(np.maximum(np.diag(float(free_residual @ free_residual) / max(1, len(y) - free_rank)
                                         * np.linalg.pinv(a_all.T @ a_all)), 0))
    active = list(range(len(names)))
    while True:
        a = a_all[:, active]
        coef, _, rank, _ = np.linalg.lstsq(a, y, rcond=None)
        if coef.size == 0 or coef.min() >= 0:
            break
        active.pop(int(np.argmin(coef)))
    residual = y - a @ coef if active else y
    dof = max(1, len(y) - (rank if active else 0))
    sigma2 = float(residual @ residual) / dof
    se = np.sqrt(np.maximum(np.diag(sigma2 * np.linalg.pinv(a.T @ a)), 0)) if active else []
    values = {n: 0.0 for n in names}
    errors = {n: 0.0 for n in names}
    for i, c, e in zip(active, coef, se):
        values[names[i]], errors[names[i]] = float(c), float(e)
    clamped = [names[i] for i in range(len(names)) if i not in active]
    unconstrained = {names[i]: [float(free[i]), float(free_se[i])] for i in range(len(names)) if i not in active}
    return values, errors, {"observations": len(y), "rmsResidualSeconds": math.sqrt(sigma2), "clampedToZero": clamped,
                            "unconstrained": unconstrained}


BUSY_CORES = 0.25  # a run during which other processes used more than this is not used for the shared constants


def busy(run):
    return (run.get("otherProcessesCores") or 0) > BUSY_CORES


def fit_model(runs):
    """Fits the constants to every timed round (see the module's doc): the shared ones on the runs during which
    the machine was otherwise quiet; then t_window of a (job, batch, W) measured only while other processes were
    busy, with the shared constants held, from its own rounds (so that every job still has one, marked)."""
    fit_rows, fit_y, bcast_rows, bcast_y, avg_rows, avg_y, spark_rows, spark_y = [], [], [], [], [], [], [], []
    busy_fits = {}
    for run in runs:
        s = run["stateBytes"] / MB
        name = "t %s W%d" % (config_key(run), run["workers"])
        for e in timed_epochs(run):
            for r in e["rounds"]:
                workers = r["workers"]
                if not workers:
                    continue
                w = len(workers)
                if busy(run):
                    busy_fits.setdefault(name, []).extend((wk["examples"], wk["fitSeconds"], w) for wk in workers)
                    continue
                for wk in workers:
                    fit_rows.append({name: wk["examples"], "phi0": 1.0, "phi0w": w - 1.0})
                    fit_y.append(wk["fitSeconds"])
                bcast_rows.append({"beta0": 1.0, "beta_b": s})
                bcast_y.append(r["broadcastSeconds"])
                avg_rows.append({"alpha0": 1.0, "alpha_a": s})
                avg_y.append(r["averageSeconds"])
                slowest = max(wk["fitSeconds"] for wk in workers)
                spark_rows.append({"c0": 1.0, "c1": w - 1.0, "beta_s": s, "beta_w": s * (w - 1)})
                spark_y.append(r["roundSeconds"] - r["broadcastSeconds"] - r["averageSeconds"] - slowest)
    t_names = sorted({n for row in fit_rows for n in row if n.startswith("t ")})
    constants, errors, quality = {}, {}, {}
    for part, rows, y, names in (("fit", fit_rows, fit_y, t_names + ["phi0", "phi0w"]),
                                 ("broadcast", bcast_rows, bcast_y, ["beta0", "beta_b"]),
                                 ("average", avg_rows, avg_y, ["alpha0", "alpha_a"]),
                                 ("spark", spark_rows, spark_y, ["c0", "c1", "beta_s", "beta_w"])):
        c, e, q = _nnls(rows, y, names)
        constants.update(c)
        errors.update(e)
        quality[part] = q
    quality["fromBusyRunsOnly"] = []
    for name, points in busy_fits.items():
        if name in constants:
            continue
        # least squares through the origin of (fit - the per-round constants) on the windows
        rest = [(x, y - constants["phi0"] - constants["phi0w"] * (w - 1)) for x, y, w in points]
        constants[name] = max(0.0, sum(x * y for x, y in rest) / sum(x * x for x, _ in rest))
        errors[name] = float("nan")
        quality["fromBusyRunsOnly"].append(name)
    return constants, errors, quality


def t_window(constants, key, workers):
    """Seconds per window per core for a (job, batch) fitted at `workers` executors (else the other count)."""
    for w in (workers, 1, 2):
        v = constants.get("t %s W%d" % (key, w))
        if v:
            return v
    return None


def tree_partitions(workers, depth=2):
    """Spark's treeAggregate (RDD.treeReduce): the partition counts of its extra shuffle levels."""
    n = workers
    scale = max(int(math.ceil(n ** (1.0 / depth))), 2)
    levels = []
    while n > scale + math.ceil(n / scale):
        n //= scale
        levels.append(n)
    return levels


def round_parts(c, t, windows, state_bytes, workers, wire):
    """One averaging round, split into fit (the slowest worker's `windows`), fixed costs and per-byte costs.
    `wire` is seconds per byte through the driver's link (0 on this host's loopback, where the measured
    per-MB constants already hold the cost of moving bytes)."""
    s = state_bytes / MB
    fit = t * windows
    fixed = c["phi0"] + c["phi0w"] * (workers - 1) + c["beta0"] + c["alpha0"] + c["c0"] + c["c1"] * (workers - 1)
    per_byte = (c["beta_b"] + c["alpha_a"] + c["beta_s"]) * s
    # The broadcast is one torrent block (every state here is under spark.broadcast.blockSize, 4 MB) that all
    # W executors fetch from the driver at once: W copies leave the driver's link.
    per_byte += workers * state_bytes * wire
    stages = 1
    into_driver = workers
    if workers > TREE_AGGREGATION_WORKERS:
        previous = workers
        for n in tree_partitions(workers):
            stages += 1
            k = math.ceil(previous / n)  # partial sums each task of the extra stage receives
            fixed += c["c0"] + c["c1"] * (n - 1)
            per_byte += c["beta_s"] * s + c["beta_w"] * s * (k - 1) + k * state_bytes * wire
            previous = n
        into_driver = previous
    per_byte += c["beta_w"] * s * (into_driver - 1) + into_driver * state_bytes * wire
    return {"fit": fit, "fixed": fixed, "bytes": per_byte, "total": fit + fixed + per_byte, "stages": stages,
            "intoDriver": into_driver}


def epoch_time(c, t, windows, workers, batch, frequency, state_bytes, wire):
    """An epoch of `windows` in `workers` balanced shards: rounds of `frequency` minibatches of `batch`, the
    last one shorter. Returns seconds, rounds, minibatches per worker, and the seconds of fit, fixed, bytes."""
    shard = math.ceil(windows / workers)
    minibatches = math.ceil(shard / batch)
    rounds = max(1, math.ceil(minibatches / frequency))
    total, parts = 0.0, {"fit": 0.0, "fixed": 0.0, "bytes": 0.0}
    for r in range(rounds):
        p = round_parts(c, t, min(batch * frequency, shard - r * batch * frequency), state_bytes, workers, wire)
        total += p["total"]
        for k in parts:
            parts[k] += p[k]
    return total, rounds, minibatches, parts


def round_efficiency(c, t, batch, frequency, state_bytes, workers, wire):
    """E of full rounds (enough windows that every round fits B x f per worker): one worker's round time over
    the W-worker round time, both per B x f windows per worker."""
    one = round_parts(c, t, batch * frequency, state_bytes, 1, wire)["total"]
    many = round_parts(c, t, batch * frequency, state_bytes, workers, wire)["total"]
    return one / many


# ---------------------------------------------------------------------------------------------- report

def _fmt(v, spec="%.2f"):
    return "-" if v is None or (isinstance(v, float) and math.isnan(v)) else spec % v


def report(doc, gbit):
    runs = doc["runs"]
    wire = 8.0 / (gbit * 1e9)  # seconds per byte on the assumed network
    heap = _fmt(runs[0]["heapMB"], "%.0f") if runs else "-"
    if doc.get("host"):
        print("\n" + "; ".join("%s %s" % kv for kv in doc["host"].items()))
    print("\n== Runs (medians over the timed epochs, every epoch but the first; seconds per epoch)")
    print("%-17s %2s %5s %4s %8s %6s %7s %7s %7s %6s %6s %6s %7s %7s %7s %6s %7s %6s  %s" % (
        "job", "W", "batch", "freq", "epoch s", "rounds", "bcast s", "fit s", "spark s", "avg s", "eval s", "win/s",
        "RSS MB", "nonheap", "est MB", "ovh MB", "others", "wall s", "validation, last epoch"))
    for run in runs:
        summary = epoch_summary(run) if "epochs" in run else None
        run["summary"] = summary
        est = run.get("estimate", {})
        if summary is None:
            print("%-17s %2d  did not train: exit %s (%s)" % (run["job"], run["workers"], run["exit"],
                                                            run.get("failure", "see its driver log")))
            continue
        val = run.get("validation") or {}
        print("%-17s %2d %5d %4d %8.2f %6d %7.2f %7.2f %7.2f %6.2f %6.2f %6.0f %7s %7s %7s %6s %7s %6.0f  %s" % (
            run["job"], run["workers"], run["batch"], run["frequency"], summary["fitSeconds"], summary["rounds"],
            summary["broadcast"], summary["fit"], summary["spark"], summary["average"], summary["evaluation"],
            summary["examples"] / summary["fitSeconds"], _fmt(run.get("peakExecutorRssMB"), "%.0f"),
            _fmt(run.get("peakExecutorNonHeapMB"), "%.0f"), _fmt(est.get("perWorkerMB"), "%d"),
            _fmt(est.get("overheadAdvisedMB"), "%d"), _fmt(run.get("otherProcessesCores"), "%.2f"),
            run["wallSeconds"], "%s %.4f" % (val["metric"], val["value"]) if val.get("value") is not None else "-"))
    print("epoch s: the epoch's fit (sum of its rounds); bcast: the driver creating the broadcasts; fit: the slowest "
          "worker of each round (fetching the state included); spark: the rest of the rounds (scheduling, results, "
          "reduce); avg: the driver's averaging; eval: scoring after the epoch. RSS MB: an executor JVM's peak resident "
          "memory (VmHWM and VmRSS, sampled every 0.5 s); nonheap: peak VmRSS minus the Java heap's resident part "
          "(every 2 s); est MB: the run's logged off-heap estimate per worker; ovh MB: the memoryOverhead it "
          "advises; others: cores used by processes outside this benchmark during the run (a shared machine). "
          "spark.executor.memory = %s MB, ND4J's maxbytes = %s MB." % (
              heap, _fmt(runs[0]["offHeapCapMB"], "%.0f") if runs else "-"))

    measured = [r for r in runs if r.get("summary")]
    if not measured:
        print("no run produced training stats: nothing to fit")
        return
    pairs = {}
    for run in measured:
        pairs.setdefault((run["job"], run["batch"], run["frequency"]), {})[run["workers"]] = run
    print("\n== Measured speed-up of 2 executors over 1 (epoch fit time; efficiency = T1 / (2 x T2))")
    for (job, batch, freq), by_w in pairs.items():
        if 1 in by_w and 2 in by_w:
            t1, t2 = by_w[1]["summary"]["fitSeconds"], by_w[2]["summary"]["fitSeconds"]
            print("  %-17s batch %3d freq %3d: %6.2f s -> %6.2f s, speed-up %.2fx, efficiency %3.0f%%%s" % (
                job, batch, freq, t1, t2, t1 / t2, 100 * t1 / (2 * t2),
                "  (busy machine during %s)" % " and ".join("W=%d" % w for w in (1, 2) if busy(by_w[w]))
                if busy(by_w[1]) or busy(by_w[2]) else ""))

    constants, errors, quality = fit_model(measured)
    doc["model"] = {"constants": constants, "standardErrors": errors, "quality": quality,
                    "assumptions": {"networkGbitPerSecond": gbit, "wireSecondsPerByte": wire,
                                    "broadcastFetchedFromDriverByEveryExecutor": True,
                                    "treeReduceAboveWorkers": TREE_AGGREGATION_WORKERS,
                                    "uncontendedCorePerExecutor": True}}
    print("\n== Fitted constants (non-negative least squares over every timed round; +- one standard error; "
          "MB = 10^6 bytes)")
    for name in sorted(constants):
        if name.startswith("t "):
            print("  %-34s %8.4f %s ms per window per core" % (
                "t_window, " + name[2:].replace(" W", ", W="), constants[name] * 1e3,
                "+- %.4f" % (errors[name] * 1e3) if not math.isnan(errors[name]) else "(busy run only)"))
    for name, (what, unit, scale) in CONSTANTS.items():
        print("  %-8s %8.2f +- %6.2f %-24s %s" % (name, constants[name] * scale, errors[name] * scale, unit, what))
    for part, q in quality.items():
        if part == "fromBusyRunsOnly":
            continue
        print("  %-9s fit: %4d observations, rms residual %5.1f ms%s" % (
            part, q["observations"], q["rmsResidualSeconds"] * 1e3,
            "; fixed at 0, the data put them below 0 (unconstrained: %s)" % ", ".join(
                "%s %.2f +- %.2f %s" % (n, v * CONSTANTS[n][2], e * CONSTANTS[n][2], CONSTANTS[n][1])
                for n, (v, e) in q["unconstrained"].items()) if q["clampedToZero"] else ""))
    if quality["fromBusyRunsOnly"]:
        print("  t_window of %s: measured only while other processes used > %.2f cores, fitted with the shared "
              "constants held" % (", ".join(n[2:] for n in quality["fromBusyRunsOnly"]), BUSY_CORES))
    busy_runs = [r["id"] for r in measured if busy(r)]
    if busy_runs:
        print("  left out of the shared constants (other processes used > %.2f cores during the run): %s" % (
            BUSY_CORES, ", ".join(busy_runs)))
    contention = {}
    for run in measured:
        key = config_key(run)
        t1, t2 = constants.get("t %s W1" % key), constants.get("t %s W2" % key)
        if t1 and t2 and key not in contention:
            windows = run["batch"] * run["frequency"]
            contention[key] = (t2 * windows + constants["phi0"] + constants["phi0w"]) / (
                t1 * windows + constants["phi0"]) - 1
    if contention:
        print("  a worker's round (at the run's batch x frequency) with 2 executors on this 2-vCPU host takes longer "
              "than with 1 by: %s" % ", ".join("%s f%d %+.0f%%" % (k, f, v * 100) for (k, f), v in sorted(
                  ((k, next(r["frequency"] for r in measured if config_key(r) == k)), v)
                  for k, v in contention.items())))
    doc["model"]["contentionAtTwoExecutors"] = contention

    print("\n== Measured against predicted epoch fit time (this host, loopback; t_window at the run's W)")
    print("  %-17s %2s %5s %4s %10s %10s %8s" % ("job", "W", "batch", "freq", "measured s", "predicted", "error"))
    errs = []
    for run in measured:
        t = t_window(constants, config_key(run), run["workers"])
        predicted = epoch_time(constants, t, run["summary"]["examples"], run["workers"], run["batch"],
                               run["frequency"], run["stateBytes"], 0.0)[0]
        rel = predicted / run["summary"]["fitSeconds"] - 1
        if not busy(run):
            errs.append(abs(rel))
        run["predictedFitSeconds"] = predicted
        print("  %-17s %2d %5d %4d %10.2f %10.2f %+7.1f%%%s" % (run["job"], run["workers"], run["batch"],
                                                              run["frequency"], run["summary"]["fitSeconds"],
                                                              predicted, rel * 100,
                                                              "  (busy machine)" if busy(run) else ""))
    if errs:
        print("  runs on a quiet machine: median |error| %.1f%%, largest %.1f%% (in-sample: t_window is fitted per "
              "job, batch and W)" % (statistics.median(errs) * 100, max(errs) * 100))

    print("\n== Assumptions of the projection")
    print("  A1 network: %g Gbit/s, %.2f ms per MB through the driver's link, on top of the CPU costs per MB measured "
          "on loopback. Measured were 1 and 2 executors on one 2-vCPU host: no byte crossed a real network, so "
          "this cost is assumed, not measured (--gbit changes it)" % (gbit, wire * MB * 1e3))
    print("  A2 broadcast: the state (under spark.broadcast.blockSize, 4 MB: one torrent block) is fetched from the "
          "driver by all W executors at once, W copies out of the driver (worst case; peers serve later fetchers)")
    print("  A3 results: W <= %d: reduce, W results into the driver; W > %d: treeReduce depth 2, one more stage "
          "(c0 + c1 per task) whose tasks each receive ceil(W/n) partial sums, then n into the driver" % (
              TREE_AGGREGATION_WORKERS, TREE_AGGREGATION_WORKERS))
    print("  A4 each executor has an uncontended core: t_window as fitted at W=1 (the 2-executor slowdown above is "
          "this host's); no stragglers. The per-further-worker costs c1 + phi0w, measured with the driver and 2 "
          "executors sharing 2 vCPUs, are contention as much as Spark's per-task work: the projection gives both "
          "bounds, c1 + phi0w as measured (growing linearly in W) and 0")
    print("  A6 for a job measured at one frequency, per-window and per-round worker costs cannot be told apart: it "
          "gets phi0, which the LSTM 128 runs at frequencies 1, 5 and 20 pin; for the small forecasters that leaves "
          "t_window a lower bound, so their 'f for 90%' is an upper bound")
    print("  A5 E = T(1) / (W x T(W)) at equal total windows, batch and frequency; E_fit = the windows' fit alone "
          "(t_window x windows, no Spark) / (W x T(W)); 'f for 90%' is the smallest averaging frequency with E >= 90% "
          "for this job's windows ('-': none; m = minibatches per worker per epoch, beyond which f changes nothing), "
          "'f, enough data' the same for full rounds, with the windows per epoch that takes (W x B x f, one round). "
          "Averaging less often changes what the model learns: not modelled, check the validation score")

    projections = []
    jobs = {}
    for run in measured:
        jobs.setdefault((run["job"], run["batch"]), run)
    # Bounds: the per-task costs as measured here (2 executors and the driver on 2 vCPUs: contention
    # included), and none at all.
    bounds = (("measured", constants), ("no per-task cost", dict(constants, c1=0.0, phi0w=0.0)))
    print("\n== Projection at %g Gbit/s, each job at its own frequency and windows; then the smallest frequency "
          "with E >= 90%%, for these windows and for enough windows (full rounds), under both bounds of the "
          "per-task cost (c1 + phi0w = %.1f ms per round per further worker as measured, or 0)" % (
              gbit, (constants["c1"] + constants["phi0w"]) * 1e3))
    for (job, batch), run in jobs.items():
        t1 = t_window(constants, config_key(run), 1)
        windows = int(run["summary"]["examples"])
        s = run["stateBytes"]
        freq = run["frequency"] if run["kind"] == "shipped" else 5
        print("\n%s: %s training windows, batch %d per worker, frequency %d, %s parameters, state %.3f MB "
              "(parameters + %s state), t_window %.4f ms" % (job, "{:,}".format(windows), batch, freq,
                                                             "{:,}".format(run["parameters"]), s / MB,
                                                             run["updater"], t1 * 1e3))
        print("  %4s | %8s %6s %5s %5s %5s %5s %5s %10s %18s | %8s %5s %18s | %6s" % (
            "", "measured", "", "", "", "", "", "", "f for 90%", "f for 90%, full", "no per-", "task", "f for 90%, full",
            ""))
        print("  %4s | %8s %6s %5s %5s %5s %5s %5s %10s %18s | %8s %5s %18s | %6s" % (
            "W", "epoch s", "rounds", "E", "E_fit", "fit", "fixed", "bytes", "here", "rounds (windows)", "epoch s",
            "E", "rounds (windows)", "stages"))
        rows = []
        for w in PROJECT_WORKERS:
            row = {"workers": w}
            cells = []
            for label, c in bounds:
                total, rounds, minibatches, parts = epoch_time(c, t1, windows, w, batch, freq, s, wire)
                base = epoch_time(c, t1, windows, 1, batch, freq, s, wire)[0]
                here = None
                for f in FREQUENCIES:
                    if epoch_time(c, t1, windows, 1, batch, f, s, wire)[0] / (
                            w * epoch_time(c, t1, windows, w, batch, f, s, wire)[0]) >= 0.9:
                        here = f
                        break
                    if f >= minibatches:  # one round per epoch already: a larger f changes nothing
                        break
                full = next((f for f in FREQUENCIES if round_efficiency(c, t1, batch, f, s, w, wire) >= 0.9), None)
                row[label] = {"epochSeconds": total, "rounds": rounds, "minibatchesPerWorker": minibatches,
                              "efficiency": base / (w * total), "efficiencyVsFitOnly": t1 * windows / (w * total),
                              "seconds": parts, "smallestFrequencyFor90": here,
                              "smallestFrequencyFor90FullRounds": full,
                              "windowsPerEpochForThat": w * batch * full if full else None}
                cells.append((total, rounds, minibatches, parts, here, full, base / (w * total)))
            (total, rounds, minibatches, parts, here, full, eff), (total0, _, _, _, _, full0, eff0) = cells
            row["roundStages"] = round_parts(constants, t1, batch * freq, s, w, wire)["stages"]
            rows.append(row)
            print("  %4d | %8.2f %6d %4.0f%% %4.0f%% %4.0f%% %4.0f%% %4.0f%% %10s %18s | %8.2f %4.0f%% %18s | %6d" % (
                w, total, rounds, eff * 100, 100 * t1 * windows / (w * total), 100 * parts["fit"] / total,
                100 * parts["fixed"] / total, 100 * parts["bytes"] / total,
                str(here) if here else "- (m=%d)" % minibatches,
                "%d (%s)" % (full, "{:,}".format(w * batch * full)) if full else "> %d" % FREQUENCIES[-1],
                total0, eff0 * 100,
                "%d (%s)" % (full0, "{:,}".format(w * batch * full0)) if full0 else "> %d" % FREQUENCIES[-1],
                row["roundStages"]))
        summary = {}
        for label, c in bounds:
            parts_at = {w: round_parts(c, t1, batch * freq, s, w, wire) for w in [2 ** k for k in range(0, 13)]}
            summary[label] = {
                "fixedDominateFromWorkers": next((w for w, p in parts_at.items() if p["fixed"] > 0.5 * p["total"]),
                                                 None),
                "bytesDominateFromWorkers": next((w for w, p in parts_at.items() if p["bytes"] > 0.5 * p["total"]),
                                                 None)}
        r16, r17, r64 = (round_parts(constants, t1, batch * freq, s, w, wire) for w in (16, 17, 64))
        print("  a full round at f=%d: fit %.1f ms; W=16: fixed %.1f + bytes %.1f ms; W=17 (treeReduce: %d stages, %d "
              "sums into the driver): fixed %.1f + bytes %.1f ms; W=64: fixed %.1f + bytes %.1f ms" % (
                  freq, batch * freq * t1 * 1e3, r16["fixed"] * 1e3, r16["bytes"] * 1e3, r17["stages"],
                  r17["intoDriver"], r17["fixed"] * 1e3, r17["bytes"] * 1e3, r64["fixed"] * 1e3, r64["bytes"] * 1e3))
        print("  over half of such a round (W in powers of 2 up to 4096): %s" % "; ".join(
            "%s: fixed costs from W = %s, bytes from W = %s" % (
                label, v["fixedDominateFromWorkers"] or "> 4096", v["bytesDominateFromWorkers"] or "> 4096")
            for label, v in summary.items()))
        projections.append({"job": job, "batch": batch, "frequency": freq, "windows": windows, "stateBytes": s,
                            "tWindowSeconds": t1, "rows": rows, "dominance": summary})
    doc["projections"] = projections

    print("\n== Memory of the executor JVMs per shipped job (heap: spark.executor.memory = %s MB)" % heap)
    print("  %-17s %2s %8s %8s %9s %8s %12s %13s" % ("job", "W", "peak RSS", "non-heap", "heap res.", "file",
                                                    "estimate/wkr", "overhead adv."))
    for run in runs:
        if run["kind"] != "shipped" or "peakExecutorRssMB" not in run:
            continue
        est = run.get("estimate", {})
        print("  %-17s %2d %8.0f %8s %9s %8s %12s %13s" % (
            run["job"], run["workers"], run["peakExecutorRssMB"], _fmt(run.get("peakExecutorNonHeapMB"), "%.0f"),
            _fmt(run.get("peakExecutorHeapResidentMB"), "%.0f"), _fmt(run.get("peakExecutorRssFileMB"), "%.0f"),
            _fmt(est.get("perWorkerMB"), "%d"), _fmt(est.get("overheadAdvisedMB"), "%d")))
    print("  MB. non-heap: peak of VmRSS minus the Java heap's resident part, what spark.executor.memoryOverhead must "
          "cover where a container counts resident memory; file: the file-backed part of RSS (jars, ND4J's and "
          "OpenBLAS's libraries); estimate/wkr and overhead adv.: the run's logged estimate and advice")


def main(argv):
    if len(argv) < 2 or argv[1] in ("-h", "--help"):
        print(__doc__)
        return 0
    command = argv[1]
    if command == "data":
        data(argv[2])
    elif command == "sample":
        sample(argv[2], argv[3], argv[4:])
    elif command == "quiet":
        quiet(argv[2], float(argv[3]), float(argv[4]))
    elif command in ("report", "fit"):
        gbit = 10.0
        args = argv[2:]
        if "--gbit" in args:
            i = args.index("--gbit")
            gbit = float(args[i + 1])
            del args[i:i + 2]
        if command == "report":
            work, path = args
            doc = {"created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                   "host": _meta(work + "/host.txt") if os.path.exists(work + "/host.txt") else {},
                   "runs": collect(work)}
        else:
            path, = args
            doc = json.load(open(path))
        report(doc, gbit)
        os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
        with open(path, "w") as f:
            json.dump(doc, f, indent=1)
        print("\nwrote %s" % path)
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
