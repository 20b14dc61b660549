"""``make bench``: time one training step of nncore, the hand-written NumPy reference, a
hand-tuned NumPy version and (when installed) PyTorch eager on the book's two networks, check
that they agree, and print the figures beside the targets of the performance issues.

Usage: ``python -m bench.run [--repeats 9] [--json _build/bench.json] [--no-torch]``.
Thread counts: ``BENCH_THREADS`` (default 1) is applied to OpenMP, OpenBLAS, MKL and PyTorch
alike, before NumPy is imported.

Method: for each case, every implementation is built fresh from the same data and initial
parameters, runs one untimed warm-up loop, then ``repeats`` timed loops of ``steps`` steps
(each loop from a fresh start, so every loop does the same arithmetic), interleaved across the
implementations in a rotating order, with the garbage collector off during each loop. Figures
are per step: median, min and max over the loops; ratios are taken loop by loop against the
reference loop of the same round (and nncore's against the tuned loop of the same round).
Agreement: after ``--agreement-steps``
steps from the same start, the largest absolute difference of any parameter from the
reference's must be at most 1e-10, or the run exits with status 1. A missed speed target is
reported, never an error.
"""

from __future__ import annotations

import os
import sys

THREADS = os.environ.get("BENCH_THREADS", "1")
for _variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_variable] = THREADS

import argparse  # noqa: E402
import gc  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import resource  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy  # noqa: E402

if not __package__:  # run as `python bench/run.py`: make the package importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import cases, nncore_steps, reference_numpy, reference_tuned  # noqa: E402

try:
    import torch  # noqa: E402

    from bench import torch_steps  # noqa: E402
except ImportError:
    torch = torch_steps = None

TOLERANCE = 1e-10
ROOT = Path(__file__).resolve().parent.parent


def machine():
    """CPU model, cores, library versions and BLAS threads."""
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    info = {
        "cpu": model,
        "cores": os.cpu_count(),
        "cores_available": len(os.sched_getaffinity(0)),
        "python": platform.python_version(),
        "numpy": numpy.__version__,
        "torch": torch.__version__ if torch else None,
        "threads_setting": int(THREADS),
        "blas": [],
    }
    try:
        from threadpoolctl import threadpool_info, threadpool_limits

        threadpool_limits(int(THREADS))  # belt and braces, should NumPy have come first
        info["blas"] = [
            {key: pool.get(key) for key in ("internal_api", "version", "num_threads")}
            for pool in threadpool_info()
        ]
    except ImportError:
        pass
    if torch:
        torch.set_num_threads(int(THREADS))
        try:
            torch.set_num_interop_threads(int(THREADS))
        except RuntimeError:
            pass
        info["torch_threads"] = torch.get_num_threads()
    return info


def implementations(use_torch):
    """``(name, module)`` pairs; the reference first. A case runs the modules that have its
    training class."""
    found = [("reference NumPy", reference_numpy), ("nncore", nncore_steps),
             ("tuned NumPy", reference_tuned)]
    if use_torch and torch_steps is not None:
        found.append(("PyTorch eager", torch_steps))
    return found


def case_list(scale):
    """``(key, title, steps per timed loop, training class name, builder)``; a builder takes
    a module and returns a fresh training object of that class."""

    def part4(samples):
        X, T, start, learning_rate, momentum = cases.circles(samples)
        return lambda module: module.MomentumTraining(X, T, start, learning_rate, momentum)

    batches, start, learning_rate = cases.digits()
    return [
        ("part4_n100", "part 4 (2-3-2, momentum), N = 100",
         max(1, int(1000 * scale)), "MomentumTraining", part4(100)),
        ("part4_n10000", "part 4 (2-3-2, momentum), N = 10,000",
         max(1, int(40 * scale)), "MomentumTraining", part4(10_000)),
        ("digits_batch25", "digits (64-20-20-10, SGD), batch of 25",
         max(1, int(1000 * scale)), "MinibatchTraining",
         lambda module: module.MinibatchTraining(batches, start, learning_rate)),
    ]


def timed_loop(build, module, steps):
    """Seconds per step and minor page faults per step of one loop from a fresh start."""
    trainer = build(module)
    step = trainer.step
    gc.collect()
    gc.disable()
    try:
        faults = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
        start = time.perf_counter()
        for _ in range(steps):
            step()
        elapsed = time.perf_counter() - start
        faults = resource.getrusage(resource.RUSAGE_SELF).ru_minflt - faults
    finally:
        gc.enable()
    return elapsed / steps, faults / steps


def spread(values):
    """Median, min and max."""
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


def agreement(build, modules, steps):
    """Largest absolute parameter difference from the reference after ``steps`` steps, per
    implementation, and whether every cost stayed finite."""
    trained = {}
    for name, module in modules:
        trainer = build(module)
        costs = [trainer.step() for _ in range(steps)]
        trained[name] = (trainer.parameters(), costs)
    reference, reference_costs = trained[modules[0][0]]
    out = {}
    for name, (parameters, costs) in trained.items():
        difference = max(float(numpy.abs(a - b).max())
                         for pair, ref_pair in zip(parameters, reference)
                         for a, b in zip(pair, ref_pair))
        out[name] = {"max_abs_difference": difference,
                     "finite": bool(numpy.all(numpy.isfinite(costs))),
                     "last_cost": float(costs[-1])}
    return out


def ratio_spread(seconds, numerator, denominator):
    """Median, min and max of the loop-by-loop ratio of two implementations' times, or
    ``None`` if either did not run."""
    if numerator not in seconds or denominator not in seconds:
        return None
    return spread([a / b for a, b in zip(seconds[numerator], seconds[denominator])])


def measure(key, title, steps, build, modules, repeats, agreement_steps):
    """Timings, ratios and agreement of one case."""
    names = [name for name, _ in modules]
    for _, module in modules:
        timed_loop(build, module, steps)  # warm-up
    seconds = {name: [] for name in names}
    faults = {name: [] for name in names}
    for r in range(repeats):
        shift = r % len(modules)
        for name, module in modules[shift:] + modules[:shift]:
            per_step, faults_per_step = timed_loop(build, module, steps)
            seconds[name].append(per_step)
            faults[name].append(faults_per_step)
    reference = names[0]
    result = {"title": title, "steps_per_loop": steps, "repeats": repeats,
              "implementations": {}}
    for name in names:
        ratios = [s / s_ref for s, s_ref in zip(seconds[name], seconds[reference])]
        result["implementations"][name] = {
            "microseconds_per_step": spread([1e6 * s for s in seconds[name]]),
            "ratio_to_reference": spread(ratios),
            "minor_faults_per_step": statistics.median(faults[name]),
            "microseconds_all": [1e6 * s for s in seconds[name]],
        }
    for field, numerator, denominator in [("torch_over_nncore", "PyTorch eager", "nncore"),
                                          ("nncore_over_tuned", "nncore", "tuned NumPy")]:
        ratios = ratio_spread(seconds, numerator, denominator)
        if ratios is not None:
            result[field] = ratios
    result["agreement"] = agreement(build, modules, agreement_steps)
    return result


TARGETS = [
    # (case, what, measured quantity, comparison, bound)
    ("part4_n100", "nncore / reference at N = 100", "ratio", "<=", 0.75),
    ("part4_n10000", "nncore / reference at N = 10,000", "ratio", "<=", 0.35),
    ("digits_batch25", "nncore / reference, digits step", "ratio", "<=", 1.0),
    ("part4_n100", "PyTorch / nncore at N = 100", "torch", ">=", 4.0),
    ("part4_n100", "nncore / tuned at N = 100", "tuned", "<=", 1.1),
    ("part4_n10000", "nncore / tuned at N = 10,000", "tuned", "<=", 1.1),
]
#: Where each measured quantity of :data:`TARGETS` is found in a case's results.
QUANTITIES = {"torch": "torch_over_nncore", "tuned": "nncore_over_tuned"}


def targets(results):
    """Each target of the issue with the measured median and whether it is met."""
    out = []
    for key, what, quantity, comparison, bound in TARGETS:
        case = results[key]
        if quantity == "ratio":
            measured = case["implementations"]["nncore"]["ratio_to_reference"]
        else:
            measured = case.get(QUANTITIES[quantity])
        if measured is None:
            out.append({"target": what, "bound": f"{comparison} {bound}", "median": None,
                        "met": None})
            continue
        median = measured["median"]
        met = median <= bound if comparison == "<=" else median >= bound
        out.append({"target": what, "bound": f"{comparison} {bound}", "median": median,
                    "min": measured["min"], "max": measured["max"], "met": met})
    return out


def print_machine(info):
    print("Machine")
    print(f"  CPU: {info['cpu']}, {info['cores']} cores ({info['cores_available']} available)")
    print(f"  Python {info['python']}, NumPy {info['numpy']}, "
          f"PyTorch {info['torch'] or 'not installed'}")
    blas = ", ".join(f"{p['internal_api']} {p['version']} ({p['num_threads']} threads)"
                     for p in info["blas"]) or "unknown"
    print(f"  thread pools: {blas}; BENCH_THREADS={info['threads_setting']}"
          + (f", torch threads {info['torch_threads']}" if "torch_threads" in info else ""))
    print()


def print_case(result):
    print(f"{result['title']}: {result['repeats']} loops of {result['steps_per_loop']} steps "
          "(median [min, max])")
    print(f"  {'implementation':<16} {'us per step':>28} {'ratio to reference':>26} "
          f"{'faults/step':>12}")
    for name, figures in result["implementations"].items():
        us, ratio = figures["microseconds_per_step"], figures["ratio_to_reference"]
        print(f"  {name:<16} {us['median']:>10.1f} [{us['min']:>7.1f}, {us['max']:>7.1f}] "
              f"{ratio['median']:>9.2f}x [{ratio['min']:>5.2f}, {ratio['max']:>5.2f}] "
              f"{figures['minor_faults_per_step']:>12.1f}")
    for field, label in [("torch_over_nncore", "PyTorch / nncore"),
                         ("nncore_over_tuned", "nncore / tuned NumPy")]:
        if field in result:
            t = result[field]
            print(f"  {label}: {t['median']:.2f}x [{t['min']:.2f}, {t['max']:.2f}]")
    print()


def print_agreement(results, agreement_steps):
    print(f"Agreement after {agreement_steps} steps from the same start "
          f"(largest |parameter - reference|, tolerance {TOLERANCE:g})")
    ok = True
    for result in results.values():
        for name, check in result["agreement"].items():
            if name == "reference NumPy":
                continue
            passed = check["max_abs_difference"] <= TOLERANCE and check["finite"]
            ok &= passed
            print(f"  {result['title']:<42} {name:<16} {check['max_abs_difference']:9.1e}  "
                  + ("ok" if passed else "DISAGREES" if check["finite"] else "NOT FINITE"))
    print()
    return ok


def print_targets(found):
    print("Targets (issues 7 and 11), on the medians; speed is noisy, so a miss is reported, "
          "not fatal")
    for target in found:
        if target["median"] is None:
            print(f"  {target['target']:<36} {target['bound']:>8}   not measured "
                  "(implementation not run: PyTorch not installed?)")
            continue
        print(f"  {target['target']:<36} {target['bound']:>8}   measured "
              f"{target['median']:5.2f}x [{target['min']:.2f}, {target['max']:.2f}]   "
              + ("met" if target["met"] else "MISSED"))
    print()


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split(
        "\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=9,
                        help="timed loops per implementation and case (default 9)")
    parser.add_argument("--scale", type=float, default=1.0,
                        help="multiply the steps per loop (default 1; 0.1 for a quick look)")
    parser.add_argument("--agreement-steps", type=int, default=10,
                        help="steps before the agreement check (default 10)")
    parser.add_argument("--json", type=Path, default=ROOT / "_build" / "bench.json",
                        help="where to write the results (default _build/bench.json)")
    parser.add_argument("--no-torch", action="store_true", help="leave PyTorch out")
    args = parser.parse_args(argv)
    if args.repeats < 1 or args.agreement_steps < 1 or args.scale <= 0:
        parser.error("--repeats, --agreement-steps and --scale must be positive")

    info = machine()
    print_machine(info)
    modules = implementations(not args.no_torch)
    results = {}
    for key, title, steps, training_class, build in case_list(args.scale):
        runs = [(name, module) for name, module in modules if hasattr(module, training_class)]
        results[key] = measure(key, title, steps, build, runs, args.repeats,
                               args.agreement_steps)
        print_case(results[key])
    ok = print_agreement(results, args.agreement_steps)
    found = targets(results)
    print_targets(found)

    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps({
        "machine": info,
        "settings": {"repeats": args.repeats, "scale": args.scale,
                     "agreement_steps": args.agreement_steps, "tolerance": TOLERANCE},
        "cases": results, "targets": found, "agreement_ok": ok,
    }, indent=2) + "\n")
    print(f"results written to {args.json}")
    if not ok:
        print("FAILED: an implementation disagrees with the reference", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
