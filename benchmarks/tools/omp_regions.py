"""Counts OpenMP parallel regions (GOMP_parallel calls) per training step and attributes them to
the engine op that opened them, from `perf script` output of a uprobe on GOMP_parallel with call
stacks. See benchmarks/README.md ("Counting parallel regions") for the perf commands.

/usr/bin/python3 benchmarks/tools/omp_regions.py perf.script --steps 20 [--top 30]
"""
import argparse
import collections
import re

OP = re.compile(r"at::_ops::(\w+)::call")
JNI = re.compile(r"Java_ai_djl_pytorch_jni_PyTorchLibrary_(\w+)")
AUTOGRAD = re.compile(r"torch::autograd::generated::(\w+)::apply")


def samples(path):
    block = []
    with open(path, errors="replace") as f:
        for line in f:
            if not line.strip():
                if block:
                    yield block
                block = []
            else:
                block.append(line)
    if block:
        yield block


def key(block):
    frames = block[1:]
    inner = next((m.group(1) for fr in frames for m in [OP.search(fr)] if m), "?")
    outer = next((m.group(1) for fr in frames for m in [JNI.search(fr)] if m), None)
    node = next((m.group(1) for fr in frames for m in [AUTOGRAD.search(fr)] if m), None)
    if outer is None:
        ops = [m.group(1) for fr in frames for m in [OP.search(fr)] if m]
        outer = ops[-1] if ops else "?"
    return f"{outer} / {node + ' / ' if node else ''}{inner}"


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("script")
    p.add_argument("--steps", type=float, default=1)
    p.add_argument("--top", type=int, default=40)
    a = p.parse_args()
    c = collections.Counter(key(b) for b in samples(a.script))
    total = sum(c.values())
    for k, n in c.most_common(a.top):
        print(f"{n / a.steps:8.2f}  {k}")
    print(f"{total / a.steps:8.2f}  total per step ({total} regions)")


if __name__ == "__main__":
    main()
