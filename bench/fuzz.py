"""Mutation fuzzing of the document layer and the checks, with crashes and hangs saved as cases.

Usage: python bench/fuzz.py [--seconds 600] [--seed 1] [--out bench/out/fuzz] [--timeout 20]

Seeds are the valid and hostile files of tests/robustness/corpus.py plus, when present, the
real-world corpus ($BRANDCHECK_CORPUS or ../shared/corpus). Each case takes one seed file and
applies 1-4 seeded mutations (bit flips, interesting bytes, numbers in PDF syntax made huge or
negative, chunk copies and deletions, truncation, splicing with another seed); the case is
fully determined by (--seed, case number) and its bytes are saved anyway.

Every case runs in a child process (tests/helpers/isolated.py, mode "raw": open_document, every
page accessor and every check hook without the pipeline's safety net) under a time limit and an
address-space limit. Any exception other than InputError, a dead child or a hang (past
--timeout, confirmed in a fresh child with three times the limit, as the machine may be busy)
is written to OUT/<kind>-<digest>.<ext> with a .json beside it (seed, case, mutations,
exception, traceback), deduplicated by where it was raised. The summary prints files tried,
cases per second against the unmutated seeds (baseline), and crashes by kind.

Why not atheris' in-process loop: the code that breaks is C (MuPDF, libtiff, libjpeg), which
atheris does not instrument, and hangs and crashes need a process boundary to be survived.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO / "tests" / "robustness"), str(REPO / "tests" / "helpers")]

import corpus  # noqa: E402
from isolated import IsolatedChecker, Outcome  # noqa: E402

INTERESTING = [b"\x00", b"\xff", b"\x7f", b"\x80", b"\xff\xff\xff\x7f", b"\x00\x00\x00\x80"]
NUMBERS = [b"0", b"-1", b"99999999", b"4294967296", b"1e308", b"-2147483648", b"65535"]
_NUMBER = re.compile(rb"(?<=[\s\[/<(])-?\d{1,9}(?=[\s\]>/)])")


def shared_corpus() -> Path | None:
    for candidate in (os.environ.get("BRANDCHECK_CORPUS"), REPO.parent / "shared" / "corpus"):
        if candidate and Path(candidate).is_dir():
            return Path(candidate)
    return None


def load_seeds(max_bytes: int) -> dict[str, bytes]:
    """name -> bytes of every seed file (generated, plus the shared corpus when present)."""
    seeds = dict(corpus.seed_files())
    seeds.update({f"gen/{n}": d for n, d, _ in corpus.hostile_files() if 0 < len(d) <= max_bytes})
    root = shared_corpus()
    if root is not None:
        for path in sorted(root.glob("*/*")):
            if path.is_file() and 0 < path.stat().st_size <= max_bytes:
                seeds[f"corpus/{path.name}"] = path.read_bytes()
    return seeds


def mutate(data: bytes, other: bytes, rng: random.Random) -> tuple[bytes, list[str]]:
    """Apply 1-4 random mutations; return the bytes and a description of each."""
    out = bytearray(data)
    done: list[str] = []
    for _ in range(rng.randint(1, 4)):
        if not out:
            break
        op = rng.choice(["flip", "byte", "number", "copy", "delete", "truncate", "splice"])
        pos = rng.randrange(len(out))
        if op == "flip":
            for _ in range(rng.randint(1, 16)):
                p = rng.randrange(len(out))
                out[p] ^= 1 << rng.randrange(8)
        elif op == "byte":
            value = rng.choice(INTERESTING)
            out[pos : pos + len(value)] = value
        elif op == "number":
            matches = list(_NUMBER.finditer(out))
            if not matches:
                continue
            m = rng.choice(matches)
            pos = m.start()
            out[m.start() : m.end()] = rng.choice(NUMBERS)
        elif op == "copy":
            size = rng.randint(1, min(4096, len(out)))
            src = rng.randrange(max(1, len(out) - size))
            out[pos:pos] = out[src : src + size]
        elif op == "delete":
            del out[pos : pos + rng.randint(1, 256)]
        elif op == "truncate":
            del out[max(pos, 8) :]
        elif op == "splice" and other:
            cut = rng.randrange(len(other))
            out[pos:] = other[cut:]
        done.append(f"{op}@{pos}")
    return bytes(out), done


def make_case(seed: int, case: int, seeds: dict[str, bytes], names: list[str]):
    """Case `case` of run `seed`: (seed file name, mutated bytes, mutations)."""
    rng = random.Random(f"{seed}:{case}")
    name = rng.choice(names)
    data, ops = mutate(seeds[name], seeds[rng.choice(names)], rng)
    return name, data, ops


def _where(outcome: Outcome) -> str:
    """Where an exception was raised: its type and the last brandcheck frame (for dedup)."""
    frames = re.findall(r'File "([^"]+)", line (\d+)', outcome.stderr)
    ours = [f"{Path(f).name}:{n}" for f, n in frames if "/brandcheck/" in f]
    kind = (outcome.error or "").split(":")[0]
    return f"{outcome.status}|{kind}|{ours[-1] if ours else ''}"


def save_case(out: Path, name: str, data: bytes, record: dict) -> Path:
    digest = hashlib.sha256(data).hexdigest()[:16]
    ext = Path(name).suffix or ".bin"
    path = out / f"{record['status']}-{digest}{ext}"
    path.write_bytes(data)
    path.with_suffix(path.suffix + ".json").write_text(json.dumps(record, indent=2))
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=600)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "out" / "fuzz")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds per case")
    parser.add_argument("--memory-mb", type=int, default=3072, help="address space per child")
    parser.add_argument("--max-seed-bytes", type=int, default=400_000)
    parser.add_argument("--replay", type=int, help="rebuild case N of --seed, run it, keep it")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    seeds = load_seeds(args.max_seed_bytes)
    names = sorted(seeds)
    if args.replay is not None:
        name, data, ops = make_case(args.seed, args.replay, seeds, names)
        path = corpus.write(args.out, f"replay-{args.seed}-{args.replay}{Path(name).suffix}", data)
        with IsolatedChecker(mode="raw", timeout=args.timeout) as child:
            outcome = child.check(path)
        print(f"{path} <- {name} {ops}: {outcome.status} {outcome.error or ''}\n{outcome.stderr}")
        return 0
    print(f"{len(names)} seed files; fuzzing for {args.seconds:.0f} s (seed {args.seed})")
    found: dict[str, Path] = {}
    kinds: Counter[str] = Counter()
    statuses: Counter[str] = Counter()
    tried = 0
    work = Path(tempfile.mkdtemp(prefix="fuzz-"))
    started = time.monotonic()
    with IsolatedChecker(mode="raw", timeout=args.timeout, memory_limit_mb=args.memory_mb) as child:
        # baseline: the unmutated seeds, so the summary can say what mutation adds
        base_t = time.monotonic()
        base_bad = sum(
            child.check(corpus.write(work, f"seed{i}{Path(n).suffix}", seeds[n])).status
            in ("exception", "hang", "died")
            for i, n in enumerate(names[:: max(1, len(names) // 40)])
        )
        base_rate = 40 / max(time.monotonic() - base_t, 1e-9)
        while time.monotonic() - started < args.seconds:
            name, data, ops = make_case(args.seed, tried, seeds, names)
            path = corpus.write(work, f"case{Path(name).suffix}", data)
            outcome = child.check(path)
            if outcome.status == "hang":  # the machine may just be busy: confirm it, alone
                with IsolatedChecker(mode="raw", timeout=args.timeout * 3) as again:
                    outcome = again.check(path)
            tried += 1
            statuses[outcome.status] += 1
            if outcome.status not in ("exception", "hang", "died"):
                continue
            key = _where(outcome)
            kinds[key] += 1
            if key in found:
                continue
            record = {
                "status": outcome.status,
                "seed": args.seed,
                "case": tried - 1,
                "seed_file": name,
                "mutations": ops,
                "error": outcome.error,
                "returncode": outcome.returncode,
                "seconds": round(outcome.seconds, 2),
                "stderr": outcome.stderr[-6000:],
                "reproduce": f"python bench/fuzz.py --replay {tried - 1} --seed {args.seed}"
                f" --max-seed-bytes {args.max_seed_bytes} (same seed files)",
            }
            found[key] = save_case(args.out, name, data, record)
            print(f"[{tried}] {outcome.status}: {outcome.error} <- {name} {ops}", flush=True)
    elapsed = time.monotonic() - started
    rate = tried / elapsed
    print(f"\nfiles tried: {tried} in {elapsed:.0f} s: {rate:.1f}/s against {base_rate:.1f}/s")
    print(f"  for unmutated seeds (ratio {rate / base_rate:.2f}); crashes on seeds: {base_bad}")
    print(f"outcomes: {dict(statuses)}")
    print(f"distinct crashes/hangs: {len(found)} (total {sum(kinds.values())})")
    for key, count in kinds.most_common():
        print(f"  {count:5d}  {key}  -> {found[key].name}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
