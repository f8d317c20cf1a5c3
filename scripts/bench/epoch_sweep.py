"""Epoch time against data size, through the real `train` command: for each task (a forecaster, a
sequence classifier, a character model) and each size (1x, 2x, 4x, 8x of a base), generate the data,
train, and read the last epoch's fit time and windows/s from the run's metrics.json. Flat windows/s
across sizes means an epoch costs time in proportion to its data.

Usage: epoch_sweep.py HOME OUT [--tasks forecast,classify,charlm] [--sizes 1,2,4,8] [--epochs 2]
                                [--timeout-minutes 20] [--label after]"""
import argparse
import glob
import json
import math
import os
import random
import subprocess
import sys
import time

BASE = {"forecast": 12_500, "classify": 2_000, "charlm": 500_000}  # rows, sequences, characters at 1x
UNIT = {"forecast": "rows", "classify": "sequences", "charlm": "characters"}


def forecast_data(path, rows):
    random.seed(7)
    with open(path, "w") as out:
        out.write("t,load,temperature,wind\n")
        for t in range(rows):
            temperature = 10 + 8 * math.sin(2 * math.pi * t / 24) + random.gauss(0, 1)
            wind = 5 + 3 * math.sin(2 * math.pi * t / 97) + random.gauss(0, 1)
            load = 50 + 0.8 * temperature - 0.5 * wind + 10 * math.sin(2 * math.pi * t / 168) + random.gauss(0, 2)
            out.write("%d,%.3f,%.3f,%.3f\n" % (t, load, temperature, wind))


def classify_data(path, sequences):
    random.seed(11)
    with open(path, "w") as out:
        out.write("id,step,a,b,c,label\n")
        for q in range(sequences):
            label = q % 4
            length = random.randint(20, 60)
            for s in range(length):
                phase = 2 * math.pi * s / (6 + 3 * label)
                out.write("q%06d,%d,%.3f,%.3f,%.3f,k%d\n" % (q, s, math.sin(phase) + random.gauss(0, 0.5),
                                                          random.gauss(label * 0.1, 1), random.gauss(0, 1), label))


def charlm_data(path, characters, home):
    text = ""
    for novel in sorted(glob.glob(home + "/src/main/resources/samples/austen/*.txt")):
        with open(novel, encoding="utf-8") as f:
            text += f.read()
    with open(path, "w", encoding="utf-8") as out:
        out.write(text[:characters])


JOBS = {
    "forecast": """name = sweep-forecast
input { path = "%(data)s", features = [load, temperature, wind], targets = [load], time-column = t, time-type = number }
window { length = 24, stride = 1, horizon = 6 }
model { cell = lstm, hidden-size = 32 }
training { epochs = %(epochs)d, learning-rate = 0.005, batch-size-per-worker = 32, averaging-frequency = 5 }
""",
    "classify": """name = sweep-classify
input { kind = sequences, path = "%(data)s", features = [a, b, c], series-column = id, time-column = step,
        time-type = number, label-column = label }
split { method = series, validation-fraction = 0.2 }
model { cell = lstm, hidden-size = 32 }
training { epochs = %(epochs)d, learning-rate = 0.01, batch-size-per-worker = 16, averaging-frequency = 5 }
""",
    "charlm": """name = sweep-charlm
input { kind = text, path = "%(data)s" }
window { length = 100, stride = 100 }
split { validation-fraction = 0.1 }
model { cell = lstm, hidden-size = 128 }
training { epochs = %(epochs)d, learning-rate = 0.005, batch-size-per-worker = 32, averaging-frequency = 5 }
""",
}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("home")
    parser.add_argument("out")
    parser.add_argument("--tasks", default="forecast,classify,charlm")
    parser.add_argument("--sizes", default="1,2,4,8")
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--timeout-minutes", type=float, default=20)
    parser.add_argument("--label", default="sweep")
    args = parser.parse_args()
    os.makedirs(args.out + "/data", exist_ok=True)
    rows = []
    print("%-10s %5s %12s %10s %10s %12s %10s" % ("task", "size", "input", "windows", "fit s", "windows/s",
                                                  "x first"), flush=True)
    first_rate = {}
    for task in args.tasks.split(","):
        for size in [int(s) for s in args.sizes.split(",")]:
            amount = BASE[task] * size
            data = "%s/data/%s-%dx.%s" % (args.out, task, size, "txt" if task == "charlm" else "csv")
            if not os.path.exists(data):
                if task == "forecast":
                    forecast_data(data, amount)
                elif task == "classify":
                    classify_data(data, amount)
                else:
                    charlm_data(data, amount, args.home)
            job = "%s/%s-%dx.conf" % (args.out, task, size)
            with open(job, "w") as f:
                f.write("output = \"%s/runs/%s\"\n" % (args.out, args.label) + JOBS[task] % {"data": data,
                                                                                          "epochs": args.epochs})
            log = "%s/%s-%s-%dx.log" % (args.out, args.label, task, size)
            start = time.time()
            try:
                with open(log, "w") as f:
                    code = subprocess.run([args.home + "/scripts/seqtrain", "train", "--job", job], stdout=f,
                                          stderr=subprocess.STDOUT, timeout=args.timeout_minutes * 60).returncode
            except subprocess.TimeoutExpired:
                code = "timeout"
            row = {"task": task, "size": size, "input": amount, "unit": UNIT[task], "exit": code,
                   "wallSeconds": time.time() - start, "log": log}
            metrics = sorted(glob.glob("%s/runs/%s/sweep-%s/runs/*/metrics.json" % (args.out, args.label, task)),
                             key=os.path.getmtime)
            if code == 0 and metrics:
                m = json.load(open(metrics[-1]))
                last = m["epochs"][-1]
                windows = m["data"].get("trainWindows", m["data"].get("trainSequences"))
                row.update({"windows": windows, "fitSeconds": last["fitSeconds"],
                            "windowsPerSecond": last["windowsPerSecond"]})
                first_rate.setdefault(task, last["windowsPerSecond"])
                row["ratioToFirstSize"] = last["windowsPerSecond"] / first_rate[task]
                print("%-10s %4dx %12d %10d %10.1f %12.0f %10.2f" % (task, size, amount, windows, last["fitSeconds"],
                                                                     last["windowsPerSecond"], row["ratioToFirstSize"]),
                      flush=True)
            else:
                print("%-10s %4dx %12d %10s %10s %12s %10s  (%s after %.0f s; see %s)" % (
                    task, size, amount, "-", "-", "-", "-", "timed out" if code == "timeout" else "exit %s" % code,
                    row["wallSeconds"], log), flush=True)
            rows.append(row)
    with open("%s/%s.json" % (args.out, args.label), "w") as f:
        json.dump({"label": args.label, "epochs": args.epochs, "rows": rows}, f, indent=2)
    print("wrote %s/%s.json" % (args.out, args.label))


if __name__ == "__main__":
    sys.exit(main())
