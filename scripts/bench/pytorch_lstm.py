"""PyTorch's peer to seqtrain's training benchmark: the same windows (written by TrainingBenchmark),
the same LSTM 128 (or tanh RNN 128) -> linear model, Adam 1e-3, minibatches of 64.
Usage: pytorch_lstm.py DIR THREADS [lstm|rnn]. Prints one table row and writes
DIR/pytorch-CELL-THREADS.json."""
import json
import sys
import time

import numpy as np
import torch

STEPS, FEATURES, HIDDEN, BATCH, EPOCHS = 100, 8, 128, 64, 3


def load(prefix):
    x = np.fromfile(prefix + "-x.f32", dtype="<f4").reshape(-1, FEATURES, STEPS).transpose(0, 2, 1)
    y = np.fromfile(prefix + "-y.f32", dtype="<f4").reshape(-1, 1)
    return torch.from_numpy(np.ascontiguousarray(x)), torch.from_numpy(y)


class Forecaster(torch.nn.Module):
    def __init__(self, cell):
        super().__init__()
        recurrent = torch.nn.LSTM if cell == "lstm" else torch.nn.RNN
        self.lstm = recurrent(FEATURES, HIDDEN, batch_first=True)
        self.out = torch.nn.Linear(HIDDEN, 1)

    def forward(self, x):
        hidden, _ = self.lstm(x)
        return self.out(hidden[:, -1, :])


def main():
    folder, threads = sys.argv[1], int(sys.argv[2])
    cell = sys.argv[3] if len(sys.argv) > 3 else "lstm"
    torch.set_num_threads(threads)
    torch.manual_seed(42)
    x, y = load(folder + "/train")
    vx, vy = load(folder + "/validation")
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
    print("%-58s %12.0f %14.2f %12.5f" % (arm, len(x) / median, median, validation))
    with open("%s/pytorch-%s-%d.json" % (folder, cell, threads), "w") as out:
        json.dump({"arm": arm, "epochSeconds": seconds, "medianEpochSeconds": median,
                   "windowsPerSecond": len(x) / median, "validationMse": validation}, out, indent=2)


if __name__ == "__main__":
    main()
