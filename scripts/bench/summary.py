"""Merges one run of scripts/bench-training (dl4j.json and pytorch-*.json in DIR) into one table: each
arm's windows/s, its ratio to PyTorch's one-thread run of the same cell, its share of the GEMM bound
(the windows/s a layer doing only the cell's matrix products would reach at the GEMM rate measured in
this run, times the arm's threads), and its validation MSE against the one-JVM run of the same cell on
seqtrain's engine. Writes DIR/summary.json. Usage: summary.py DIR."""
import glob
import json
import sys

STEPS, FEATURES, HIDDEN = 100, 8, 128


def flops_per_window(cell):
    """The products of one forward and backward pass (as GemmRate counts them)."""
    gates = {"lstm": 4, "gru": 3, "rnn": 1}[cell] * HIDDEN
    return 2.0 * STEPS * ((FEATURES + HIDDEN) * gates + 2 * HIDDEN * gates + 2 * FEATURES * gates)


folder = sys.argv[1]
dl4j = json.load(open(folder + "/dl4j.json"))
arms = dl4j["results"]
torch_runs = [json.load(open(path)) for path in sorted(glob.glob(folder + "/pytorch-*.json"))]
arms += torch_runs
gemm = dl4j["gemm"]["gigaflops"]

print("\nND4J: %s" % dl4j["blas"])
print("GEMM %dx%d * %dx%d float, one thread, ND4J's OpenBLAS: %.1f GFLOP/s" % (
    dl4j["gemm"]["m"], dl4j["gemm"]["k"], dl4j["gemm"]["k"], dl4j["gemm"]["n"], gemm))
for run in torch_runs:
    print("PyTorch %s, %d thread(s): BLAS %s; GEMM at that shape %.1f GFLOP/s" % (
        run["torch"], run["threads"], "; ".join(run["blas"]), run["gemmGigaflops"]))
if not torch_runs:
    print("PyTorch did not run: its ratios are missing, not met")

peer = {a["cell"]: a for a in torch_runs if a["threads"] == 1}
engine_jvm = {a["cell"]: a for a in arms if "fused engine, net.fit" in a["arm"]}
rows = []
print("\n%-70s %10s %10s %10s %10s %11s" % ("arm", "windows/s", "x PyTorch", "x 1 JVM", "GEMM bound",
                                           "val MSE x"))
for a in arms:
    cell = a["cell"]
    bound = gemm * 1e9 / flops_per_window(cell) * a["threads"]
    torch_peer = peer.get(cell)
    jvm = engine_jvm.get(cell)
    row = {"arm": a["arm"], "cell": cell, "threads": a["threads"], "windowsPerSecond": a["windowsPerSecond"],
           "validationMse": a["validationMse"] if isinstance(a["validationMse"], (int, float)) else None,
           "ratioToPyTorchOneThread": a["windowsPerSecond"] / torch_peer["windowsPerSecond"] if torch_peer else None,
           "ratioToEngineOneJvm": a["windowsPerSecond"] / jvm["windowsPerSecond"] if jvm else None,
           "shareOfGemmBound": a["windowsPerSecond"] / bound,
           "gemmBoundWindowsPerSecond": bound,
           # The two-at-once arm measures speed only: its MSE is NaN ("NaN" in Jackson's JSON).
           "validationMseRatioToEngineOneJvm": a["validationMse"] / jvm["validationMse"]
           if jvm and isinstance(a["validationMse"], (int, float)) else None}
    rows.append(row)
    fmt = lambda v: "-" if v is None else "%.2f" % v
    print("%-70s %10.0f %10s %10s %9.0f%% %11s" % (
        a["arm"], a["windowsPerSecond"], fmt(row["ratioToPyTorchOneThread"]), fmt(row["ratioToEngineOneJvm"]),
        100 * row["shareOfGemmBound"], fmt(row["validationMseRatioToEngineOneJvm"])))
json.dump({"gemmGigaflops": gemm, "blas": dl4j["blas"], "rows": rows}, open(folder + "/summary.json", "w"), indent=2)
print("wrote " + folder + "/summary.json")
