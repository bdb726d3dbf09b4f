"""Per-phase timing of the PyTorch training step, the peer of PhaseProbe.java: forward, loss,
backward, update (optimizer step + zeroing the gradients), and cpu (CPU time of the process per
step, all threads, mean over the measured steps), medians in ms, one JSON line per model.
--profile DIR also writes a torch.profiler table of the measured steps to DIR/<model>.txt.

/usr/bin/python3 benchmarks/pytorch/phases.py --model cnn7 --threads 2 [--profile /tmp/prof]
"""
import json
import os
import statistics
import time

import torch
import torch.nn.functional as F

import harness
import models
from train_step import LEARNING_RATE, MOMENTUM


def main():
    p = harness.parser(__doc__)
    p.add_argument("--model", default="cnn7")
    p.add_argument("--profile", default=None)
    args = p.parse_args()
    harness.setup(args)
    for name in args.model.split(","):
        g = torch.Generator().manual_seed(args.seed)
        net = models.build(name).train()
        x = torch.randn(models.input_shape(name, args.batch), generator=g)
        y = torch.randint(0, 10, (args.batch,), generator=g)
        opt = torch.optim.SGD(net.parameters(), lr=LEARNING_RATE, momentum=MOMENTUM)
        keys = ["forward", "loss", "backward", "update", "total"]
        t = {k: [] for k in keys}
        prof = None
        for i in range(args.warmup + args.steps):
            if i == args.warmup and args.profile:
                prof = torch.profiler.profile(activities=[torch.profiler.ProfilerActivity.CPU])
                prof.__enter__()
            if i == args.warmup:
                cpu0 = time.process_time()
            t0 = time.perf_counter()
            out = net(x)
            t1 = time.perf_counter()
            loss = F.cross_entropy(out, y)
            t2 = time.perf_counter()
            loss.backward()
            t3 = time.perf_counter()
            opt.step()
            opt.zero_grad(set_to_none=True)
            t4 = time.perf_counter()
            if i >= args.warmup:
                for k, v in zip(keys, [t1 - t0, t2 - t1, t3 - t2, t4 - t3, t4 - t0]):
                    t[k].append(v * 1e3)
        cpu_ms = (time.process_time() - cpu0) * 1e3 / args.steps  # mean, as PhaseProbe
        if prof is not None:
            prof.__exit__(None, None, None)
            os.makedirs(args.profile, exist_ok=True)
            with open(os.path.join(args.profile, name + ".txt"), "w") as f:
                f.write(prof.key_averages().table(sort_by="self_cpu_time_total", row_limit=40))
        r = {"side": "pytorch", "model": name, **harness.environment()}
        r.update({k + "_ms": round(statistics.median(v), 3) for k, v in t.items()})
        r["cpu_ms"] = round(cpu_ms, 3)
        print(json.dumps(r), flush=True)


if __name__ == "__main__":
    main()
