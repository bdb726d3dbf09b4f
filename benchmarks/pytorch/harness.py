"""Shared peer harness: thread pinning, warm-up then measured steps, one JSON line per result.

A peer script builds a `step()` callable and hands it to `measure`; the harness owns everything
else, so a new peer is a model/step definition and a call. Results are printed as JSON lines with
the keys run.sh reads: side, benchmark, ms_per_op (median of the repeats), ms_per_op_all, threads.
"""
import argparse
import json
import os
import statistics
import time

import torch


def parser(description):
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--threads", type=int, default=2, help="intra-op and inter-op threads (as the JVM engine)")
    p.add_argument("--batch", type=int, default=128)
    p.add_argument("--warmup", type=int, default=10, help="steps run before measuring")
    p.add_argument("--steps", type=int, default=20, help="steps per measured repeat")
    p.add_argument("--repeats", type=int, default=5, help="measured repeats; the median is reported")
    p.add_argument("--mkldnn", choices=["on", "off"], default="on", help="torch.backends.mkldnn.enabled")
    p.add_argument("--seed", type=int, default=42)
    return p


def setup(args):
    """Pins threads exactly as the JVM run does (-Dai.djl.pytorch.num_threads / num_interop_threads)."""
    torch.set_num_threads(args.threads)
    try:
        torch.set_num_interop_threads(args.threads)
    except RuntimeError:
        pass  # already set in this process
    torch.backends.mkldnn.enabled = args.mkldnn == "on"
    torch.manual_seed(args.seed)


def environment():
    return {"torch": torch.__version__, "threads": torch.get_num_threads(),
            "interop": torch.get_num_interop_threads(),
            "mkldnn": bool(torch.backends.mkldnn.enabled and torch.backends.mkldnn.is_available()),
            "omp_num_threads": os.environ.get("OMP_NUM_THREADS")}


def measure(benchmark, step, args, inner=1, **extra):
    """Runs `step` args.warmup times, then args.repeats x args.steps measured; prints a JSON line.

    `inner` > 1 runs `step` that many times per counted step (for sub-millisecond ops), and
    ms_per_op is still per call of `step`.
    """
    for _ in range(args.warmup * inner):
        step()
    per_op = []
    for _ in range(args.repeats):
        t0 = time.perf_counter()
        for _ in range(args.steps * inner):
            step()
        per_op.append((time.perf_counter() - t0) * 1e3 / (args.steps * inner))
    result = {"side": "pytorch", "benchmark": benchmark, "ms_per_op": statistics.median(per_op),
              "ms_per_op_all": [round(v, 3) for v in per_op], "batch": args.batch}
    if inner > 1:
        result["inner"] = inner
    result.update(environment())
    result.update(extra)
    print(json.dumps(result), flush=True)
    return result
