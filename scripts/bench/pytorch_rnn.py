"""PyTorch's peer to seqtrain's training benchmark: the same windows (written by TrainingBenchmark), the
same recurrent layer of 128 units (nn.LSTM, nn.RNN with tanh, or nn.GRU) -> linear model, Adam 1e-3,
minibatches of 64, as PyTorch's users run it. Prints the BLAS the process actually loaded (from
/proc/self/maps, with OpenBLAS's core and build config), its threads, and the single-thread GEMM rate
at the LSTM's recurrent product shape; then one table row. Writes DIR/pytorch-CELL-THREADS.json.
Usage: pytorch_rnn.py DIR THREADS CELL [SEED]."""
import ctypes
import json
import sys
import time

import numpy as np
import torch

STEPS, FEATURES, HIDDEN, BATCH, EPOCHS = 100, 8, 128, 64, 3
LAYERS = {"lstm": torch.nn.LSTM, "rnn": torch.nn.RNN, "gru": torch.nn.GRU}


def load(prefix):
    x = np.fromfile(prefix + "-x.f32", dtype="<f4").reshape(-1, FEATURES, STEPS).transpose(0, 2, 1)
    y = np.fromfile(prefix + "-y.f32", dtype="<f4").reshape(-1, 1)
    return torch.from_numpy(np.ascontiguousarray(x)), torch.from_numpy(y)


class Forecaster(torch.nn.Module):
    def __init__(self, cell):
        super().__init__()
        self.recurrent = LAYERS[cell](FEATURES, HIDDEN, batch_first=True)
        self.out = torch.nn.Linear(HIDDEN, 1)

    def forward(self, x):
        hidden, _ = self.recurrent(x)
        return self.out(hidden[:, -1, :])


def blas():
    """The BLAS libraries this process has mapped, and what OpenBLAS says of itself."""
    paths = sorted({line.split()[-1] for line in open("/proc/self/maps") if "blas" in line.lower()})
    described = []
    for path in paths:
        try:
            lib = ctypes.CDLL(path)
            lib.openblas_get_corename.restype = ctypes.c_char_p
            lib.openblas_get_config.restype = ctypes.c_char_p
            described.append("%s (OpenBLAS core %s, %s)" % (path, lib.openblas_get_corename().decode(),
                                                           lib.openblas_get_config().decode()))
        except (OSError, AttributeError):
            described.append(path)
    return described


def gemm_rate():
    """GFLOP/s of [64 x 128] * [128 x 512] float products: the LSTM's recurrent product."""
    a, b = torch.randn(BATCH, HIDDEN), torch.randn(HIDDEN, 4 * HIDDEN)
    for _ in range(200):
        torch.mm(a, b)
    rates = []
    for _ in range(15):
        start = time.perf_counter()
        for _ in range(500):
            torch.mm(a, b)
        rates.append(2.0 * BATCH * HIDDEN * 4 * HIDDEN * 500 / (time.perf_counter() - start) / 1e9)
    return sorted(rates)[len(rates) // 2]


def main():
    folder, threads, cell = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    seed = int(sys.argv[4]) if len(sys.argv) > 4 else 42
    torch.set_num_threads(threads)
    torch.manual_seed(seed)
    x, y = load(folder + "/train")
    vx, vy = load(folder + "/validation")
    gemm = gemm_rate()
    libraries = blas()
    if not any("openblas" in path.lower() or "mkl" in path.lower() for path in libraries):
        sys.exit("PyTorch runs on %s, the reference BLAS: install an optimised one (apt-get install "
                 "libopenblas0-pthread) before comparing against it" % libraries)
    print("PyTorch %s, %d thread(s) (torch.get_num_threads() = %d), BLAS: %s; GEMM %dx%d * %dx%d: %.1f GFLOP/s"
          % (torch.__version__, threads, torch.get_num_threads(), "; ".join(libraries), BATCH, HIDDEN, HIDDEN,
             4 * HIDDEN, gemm), flush=True)
    model = Forecaster(cell)
    optimiser = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss = torch.nn.MSELoss()
    seconds = []
    for epoch in range(EPOCHS + 1):  # the first epoch warms up
        start = time.perf_counter()
        for i in range(0, len(x), BATCH):
            optimiser.zero_grad()
            loss(model(x[i:i + BATCH]), y[i:i + BATCH]).backward()
            optimiser.step()
        if epoch > 0:
            seconds.append(time.perf_counter() - start)
    with torch.no_grad():
        validation = loss(model(vx), vy).item()
    median = sorted(seconds)[len(seconds) // 2]
    arm = "%s %d, PyTorch %s CPU, %d thread%s" % (cell.upper(), HIDDEN, torch.__version__, threads,
                                                 "" if threads == 1 else "s")
    print("%-70s %12.0f %10.2f %12.5f" % (arm, len(x) / median, median, validation))
    with open("%s/pytorch-%s-%d.json" % (folder, cell, threads), "w") as out:
        json.dump({"arm": arm, "cell": cell, "threads": threads, "epochSeconds": seconds,
                   "medianEpochSeconds": median, "windowsPerSecond": len(x) / median, "validationMse": validation,
                   "blas": libraries, "torch": torch.__version__, "gemmGigaflops": gemm}, out, indent=2)


if __name__ == "__main__":
    main()
