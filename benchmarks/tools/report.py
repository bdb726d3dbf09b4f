"""Turns one run.sh result folder into benchmarks/results/latest.json and the "Results" section of
benchmarks/README.md (between the results:begin/end markers).

Row convention: a JMH benchmark class FooBarBench with a `model` parameter is matched with the peer
rows named "foo_bar/<model>"; the DJL row is labelled with the benchmark method (e.g. trainer, lean).

/usr/bin/python3 benchmarks/tools/report.py benchmarks/results/raw/<stamp> \
    --json benchmarks/results/latest.json --readme benchmarks/README.md
"""
import argparse
import datetime
import glob
import json
import os
import platform
import re
import statistics
import subprocess


def snake(name):
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def load1(path):
    try:
        with open(path) as f:
            return float(f.read().split("load average:")[1].split(",")[0])
    except (OSError, IndexError, ValueError):
        return None


def read_run(raw):
    """{config: {round: {"djl": {(group, method): ms}, "pytorch": {group: row}, "load": {group: (djl, pt)}}}}

    Files are <config>-r<round>.<JmhClass>.<model>.{djl.json,djl.load,pytorch.jsonl,pytorch.load}.
    """
    runs = {}
    for path in sorted(glob.glob(os.path.join(raw, "*-r*.djl.json"))):
        tag = os.path.basename(path)[: -len(".djl.json")]
        head = tag.split(".", 1)[0]
        config, rnd = head.rsplit("-r", 1)
        entry = runs.setdefault(config, {}).setdefault(int(rnd), {"djl": {}, "pytorch": {}, "load": {}})
        groups = set()
        with open(path) as f:
            for r in json.load(f):
                cls, method = r["benchmark"].rsplit(".", 2)[-2:]
                group = snake(cls[: -len("Bench")] if cls.endswith("Bench") else cls)
                group = f"{group}/{r.get('params', {}).get('model', '')}"
                entry["djl"][(group, method)] = r["primaryMetric"]["score"]
                groups.add(group)
        peer = os.path.join(raw, tag + ".pytorch.jsonl")
        if os.path.exists(peer):
            with open(peer) as f:
                for line in f:
                    if line.startswith("{"):
                        r = json.loads(line)
                        entry["pytorch"][r["benchmark"]] = r
        for group in groups:
            entry["load"][group] = (load1(os.path.join(raw, tag + ".djl.load")),
                                    load1(os.path.join(raw, tag + ".pytorch.load")))
    return runs


def machine(torch_version):
    def sh(cmd):
        try:
            return subprocess.run(cmd, shell=True, capture_output=True, text=True).stdout.strip()
        except OSError:
            return "?"
    model = sh("lscpu | sed -n 's/^Model name: *//p' | head -1")
    java = sh("java -version 2>&1 | head -1")
    return {"cpu": model, "cores": os.cpu_count(), "os": platform.platform(), "jvm": java,
            "djl": "0.33.0", "djl_libtorch": "2.5.1 (pytorch-native-cpu, pytorch-jni 2.5.1-0.33.0)",
            "pytorch_peer": f"{torch_version} (Debian python3-torch, /usr/bin/python3)",
            "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")}


def config_threads(raw, config):
    try:
        with open(os.path.join(raw, config + ".threads")) as f:
            return int(f.read().strip())
    except (OSError, ValueError):
        return None


def build(runs, raw):
    rows = []
    torch_version = "?"
    for config, rounds in runs.items():
        keys = sorted({k for r in rounds.values() for k in r["djl"]})
        for group, method in keys:
            djl, pt, ratios, loads = [], [], [], []
            for rnd in sorted(rounds):
                r = rounds[rnd]
                d = r["djl"].get((group, method))
                p = r["pytorch"].get(group)
                if d is not None:
                    djl.append(d)
                if p is not None:
                    pt.append(p["ms_per_op"])
                    torch_version = p.get("torch", torch_version)
                if d is not None and p is not None:
                    ratios.append(d / p["ms_per_op"])
                loads.append(list(r["load"].get(group, (None, None))))
            rows.append({
                "benchmark": group, "djl_path": method, "config": config,
                "threads": config_threads(raw, config),
                "djl_ms": statistics.median(djl) if djl else None,
                "pytorch_ms": statistics.median(pt) if pt else None,
                "ratio": statistics.median(ratios) if ratios else None,
                "djl_ms_rounds": [round(v, 2) for v in djl],
                "pytorch_ms_rounds": [round(v, 2) for v in pt],
                "load1_rounds": loads})
    return rows, torch_version


def fmt(v, nd=1):
    if v is None:
        return "n/a"
    if nd == 1 and abs(v) < 10:
        nd = 3 if abs(v) < 1 else 2  # sub-millisecond ops (loss benchmarks) need more digits
    return f"{v:.{nd}f}"


def table(rows, info, raw):
    lines = [
        f"Measured {info['date']} on {info['cpu']}, {info['cores']} cores, {info['jvm']}; "
        f"DJL {info['djl']} with libtorch {info['djl_libtorch']}; PyTorch peer {info['pytorch_peer']}. "
        "Both sides use the same intra-op and inter-op thread count (column threads) and batch 128. "
        "Each number is the median over rounds; in a round each model is measured by JMH and right "
        "after by the peer; the ratio is the median of the per-round ratios; load is the 1-minute load "
        "average before the DJL and the PyTorch run of each round (other builds share the machine).",
        "",
        "| benchmark | DJL path | config | threads | DJL ms/op | PyTorch ms/op | ratio DJL/PyTorch | load (DJL, PyTorch) per round |",
        "|---|---|---|---:|---:|---:|---:|---|",
    ]
    for r in rows:
        load = "; ".join(f"{fmt(a)}, {fmt(b)}" for a, b in r["load1_rounds"])
        lines.append(f"| {r['benchmark']} | {r['djl_path']} | {r['config']} | {r['threads']} | {fmt(r['djl_ms'])} | "
                     f"{fmt(r['pytorch_ms'])} | {fmt(r['ratio'], 2)} | {load} |")
    lines += ["", f"Raw JMH and peer output: `{os.path.relpath(raw)}` (git-ignored); per-round values are in "
              "`benchmarks/results/latest.json`."]
    return "\n".join(lines)


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("raw")
    p.add_argument("--json")
    p.add_argument("--readme")
    a = p.parse_args()
    runs = read_run(a.raw)
    rows, torch_version = build(runs, a.raw)
    info = machine(torch_version)
    text = table(rows, info, a.raw)
    print(text)
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"machine": info, "rows": rows, "raw": os.path.relpath(a.raw)}, f, indent=2)
            f.write("\n")
    if a.readme:
        with open(a.readme) as f:
            readme = f.read()
        begin, end = "<!-- results:begin -->", "<!-- results:end -->"
        if begin not in readme or end not in readme:
            raise SystemExit(f"report.py: {a.readme} lacks the {begin} / {end} markers")
        head, rest = readme.split(begin, 1)
        tail = rest.split(end, 1)[1]
        with open(a.readme, "w") as f:
            f.write(head + begin + "\n" + text + "\n" + end + tail)


if __name__ == "__main__":
    main()
