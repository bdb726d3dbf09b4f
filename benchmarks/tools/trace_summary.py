"""Sums a Chrome trace (DJL's JniUtils.startProfile/stopProfile output, or torch.profiler's
export_chrome_trace) by operator: self time (children subtracted), total time and calls, per step.

/usr/bin/python3 benchmarks/tools/trace_summary.py TRACE.json --steps 10 [--top 25]
"""
import argparse
import collections
import json


def summarize(path):
    with open(path) as f:
        text = f.read().strip()
    if text.endswith(",\n]") or text.endswith(",]"):
        text = text[: text.rfind(",")] + "]"
    data = json.loads(text)
    events = data["traceEvents"] if isinstance(data, dict) else data
    events = [e for e in events if e.get("ph") == "X" and "dur" in e]
    by_tid = collections.defaultdict(list)
    for e in events:
        by_tid[e.get("tid")].append(e)
    self_t = collections.Counter()
    total_t = collections.Counter()
    calls = collections.Counter()
    for evs in by_tid.values():
        evs.sort(key=lambda e: (float(e["ts"]), -float(e["dur"])))
        stack = []  # [end, name, child_time]
        def pop():
            end, name, child, dur = stack.pop()
            self_t[name] += dur - child
        for e in evs:
            ts, dur = float(e["ts"]), float(e["dur"])
            while stack and stack[-1][0] <= ts:
                pop()
            if stack:
                stack[-1][2] += dur
            stack.append([ts + dur, e["name"], 0.0, dur])
            total_t[e["name"]] += dur
            calls[e["name"]] += 1
        while stack:
            pop()
    return self_t, total_t, calls


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("trace")
    p.add_argument("--steps", type=int, default=1)
    p.add_argument("--top", type=int, default=25)
    a = p.parse_args()
    self_t, total_t, calls = summarize(a.trace)
    print(f"{'op':55s} {'self ms/step':>12s} {'total ms/step':>13s} {'calls/step':>10s}")
    for name, t in self_t.most_common(a.top):
        print(f"{name[:55]:55s} {t / 1e3 / a.steps:12.2f} {total_t[name] / 1e3 / a.steps:13.2f} {calls[name] / a.steps:10.1f}")
    print(f"{'sum of self':55s} {sum(self_t.values()) / 1e3 / a.steps:12.2f}")


if __name__ == "__main__":
    main()
