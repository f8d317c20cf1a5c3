"""Merges one run of scripts/bench-training (dl4j.json and pytorch-*.json in DIR) into one table with
each DL4J arm's throughput as a ratio to PyTorch's one-thread run of the same cell, and the LSTM
arms' throughput and validation MSE to the best one-JVM LSTM's (DL4J's net.fit); writes DIR/summary.json. Usage: summary.py DIR."""
import glob
import json
import sys

folder = sys.argv[1]
arms = json.load(open(folder + "/dl4j.json"))["results"]
for path in sorted(glob.glob(folder + "/pytorch-*.json")):
    arms.append(json.load(open(path)))


def cell(arm):
    return arm["arm"].split()[0]


torch_one_thread = {cell(a): a for a in arms if "PyTorch" in a["arm"] and "1 thread" in a["arm"]}
best_single = max((a for a in arms if "net.fit, one JVM" in a["arm"] and cell(a) == "LSTM"),
                  key=lambda a: a["windowsPerSecond"])
rows = []
print("\n%-72s %10s %10s %10s %12s %10s" % ("arm", "windows/s", "x PyTorch", "x 1 JVM", "val MSE", "x 1 JVM"))
for a in arms:
    peer = torch_one_thread.get(cell(a))
    row = {"arm": a["arm"], "windowsPerSecond": a["windowsPerSecond"], "validationMse": a["validationMse"],
           "ratioToPyTorchOneThread": a["windowsPerSecond"] / peer["windowsPerSecond"] if peer else None,
           "ratioToBestSingleJvmLstm": a["windowsPerSecond"] / best_single["windowsPerSecond"]
           if cell(a) == "LSTM" else None,
           "validationMseRatioToBestSingleJvmLstm": a["validationMse"] / best_single["validationMse"]
           if cell(a) == "LSTM" else None}
    rows.append(row)
    fmt = lambda v: "-" if v is None else "%.2f" % v
    print("%-72s %10.0f %10s %10s %12.5f %10s" % (
        a["arm"], a["windowsPerSecond"], fmt(row["ratioToPyTorchOneThread"]), fmt(row["ratioToBestSingleJvmLstm"]),
        a["validationMse"], fmt(row["validationMseRatioToBestSingleJvmLstm"])))
json.dump({"rows": rows}, open(folder + "/summary.json", "w"), indent=2)
print("wrote " + folder + "/summary.json")
