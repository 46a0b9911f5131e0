"""Start-up benchmark: unmech commands against `python -c pass`, in interleaved pairs.

Run it with the interpreter of a virtual environment where unmech is installed non-editably:

    python -m venv /tmp/bench && /tmp/bench/bin/pip install . && /tmp/bench/bin/python bench/startup.py

Each row runs the command and the floor alternately (A B A B ...) and reports the medians and
the median of the per-pair ratios. "terminal" rows run under a pseudo-terminal so that the rich
output path is measured. Standard library only.
"""

from __future__ import annotations

import argparse
import os
import pty
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

BIN = os.path.dirname(sys.executable)
UNMECH = os.path.join(BIN, "unmech")
FLOOR = [sys.executable, "-c", "pass"]


def wall_ms(argv: list[str], env: dict[str, str], terminal: bool = False) -> float:
    start = time.perf_counter_ns()
    if terminal:
        pid, fd = pty.fork()
        if pid == 0:  # child: run the command with the pty as its terminal
            os.execve(argv[0], argv, env)
        while True:
            try:
                if not os.read(fd, 65536):
                    break
            except OSError:
                break
        os.waitpid(pid, 0)
        os.close(fd)
    else:
        subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                       stderr=subprocess.DEVNULL, env=env, check=False)
    return (time.perf_counter_ns() - start) / 1e6


def make_big_kb(folder: str, factor: int = 10) -> str:
    """An overlay that adds (factor - 1) renamed copies of every shipped record."""
    from unmech import loader

    kb = loader.load(use_cache=False)["records"]
    out: dict[str, list[object]] = {"mechanisms": [], "procedures": [], "findings": []}
    for n in range(1, factor):
        suffix = f"-copy{n}"
        for m in kb["mechanisms"]:
            out["mechanisms"].append({**m, "id": m["id"] + suffix, "parent": None,
                                      "procedures": [p + suffix for p in m.get("procedures") or ()]})
        for p in kb["procedures"]:
            out["procedures"].append({**p, "id": p["id"] + suffix,
                                      "mechanisms": [x + suffix for x in p["mechanisms"]]})
        for f in kb["findings"]:
            out["findings"].append({**f, "id": f["id"] + suffix, "mechanism": f["mechanism"] + suffix})
    for kind in out:
        for record in out[kind]:
            for field in [k for k, v in record.items() if v is None]:
                del record[field]
    import yaml

    path = os.path.join(folder, "big.yaml")
    with open(path, "w", encoding="utf-8") as handle:
        yaml.dump(out, handle, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper),
                  allow_unicode=True, sort_keys=False, width=100)
    return path


def measure(name: str, argv: list[str], budget: float | None, env: dict[str, str], pairs: int,
            terminal: bool = False, before: object = None) -> bool:
    for _ in range(2):
        if before:
            before()  # type: ignore[operator]
        wall_ms(argv, env, terminal)
        wall_ms(FLOOR, env)
    a, b = [], []
    for _ in range(pairs):
        if before:
            before()  # type: ignore[operator]
        a.append(wall_ms(argv, env, terminal))
        b.append(wall_ms(FLOOR, env))
    ratio = statistics.median(x / y for x, y in zip(a, b, strict=True))
    ok = budget is None or ratio <= budget
    verdict = "(no budget)" if budget is None else f"budget {budget:>4}x  {'ok' if ok else 'OVER'}"
    print(f"{name:44} {statistics.median(a):7.1f} ms  floor {statistics.median(b):5.1f} ms  "
          f"{ratio:6.2f}x  {verdict}", flush=True)
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=21)
    args = parser.parse_args()
    if not os.path.exists(UNMECH):
        print(f"no unmech next to {sys.executable}; install it in this environment first")
        return 2
    tmp = tempfile.mkdtemp(prefix="unmech-bench-")
    env = {**os.environ, "UNMECH_CACHE_DIR": os.path.join(tmp, "cache"), "COLUMNS": "100"}
    env.pop("UNMECH_DATA", None)
    big = make_big_kb(tmp)
    some_id, some_guide = "wgad", "wgad-petition"
    cold = os.path.join(tmp, "cold.yaml")
    shutil.copy(big, cold)
    small = os.path.join(tmp, "network.yaml")
    shutil.copy(os.path.join(os.path.dirname(__file__), "..", "tests", "fixtures", "network.yaml"),
                small)

    # a copy of the installed package whose YAML no longer matches its compiled form
    import unmech

    edited = os.path.join(tmp, "edited")
    shutil.copytree(os.path.dirname(unmech.__file__), os.path.join(edited, "unmech"))
    edited_yaml = os.path.join(edited, "unmech", "data", "mechanisms.yaml")
    with open(edited_yaml, "a", encoding="utf-8") as handle:
        handle.write("\n# edited after it was compiled\n")
    edited_env = {**env, "PYTHONPATH": edited}

    def edit(path: str) -> object:
        def _edit() -> None:  # new content: the cache (keyed by content) no longer matches
            with open(path, "a", encoding="utf-8") as handle:
                handle.write(f"# edit {time.time_ns()}\n")
        return _edit

    rows: list[tuple] = [  # type: ignore[type-arg]
        ("search torture (piped)", [UNMECH, "search", "torture"], 6, False, None),
        ("search torture (terminal)", [UNMECH, "search", "torture"], 10, True, None),
        (f"show {some_id} (piped)", [UNMECH, "show", some_id], 6, False, None),
        (f"show {some_id} (terminal)", [UNMECH, "show", some_id], 10, True, None),
        (f"guide {some_guide} (piped)", [UNMECH, "guide", some_guide], 6, False, None),
        (f"guide {some_guide} (terminal)", [UNMECH, "guide", some_guide], 10, True, None),
        ("--help", [UNMECH, "--help"], 6, False, None),
        ("--version", [UNMECH, "--version"], 6, False, None),
        ("search torture, 10x data, cached (piped)", [UNMECH, "search", "torture", "--data", big], 8,
         False, None),
        ("search torture, shipped YAML changed", [sys.executable, "-m", "unmech", "search", "torture"],
         20, False, edit(edited_yaml), edited_env),
        ("search torture, network file changed", [UNMECH, "search", "torture", "--data", small], 20,
         False, edit(small)),
        ("search torture, 10x data, YAML changed", [UNMECH, "search", "torture", "--data", cold],
         None, False, edit(cold)),
    ]
    print(f"python {sys.version.split()[0]}, {args.pairs} pairs a row, "
          f"data {os.path.getsize(big) // 1024} KiB at 10x")
    results = [measure(row[0], row[1], row[2], row[5] if len(row) > 5 else env, args.pairs, row[3],
                       row[4]) for row in rows]  # every row runs, even after one is over budget
    ok = all(results)
    shutil.rmtree(tmp, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
