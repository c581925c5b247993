#!/usr/bin/env python3
"""Estimated brotli cost of each identity-provider adapter inside the panel's wasm.

Usage: adapter_cost.py NAMED_WASM [DIST_WASM]     (bench/bundle-size runs it; see bench/README.md)

NAMED_WASM is the panel's wasm as trunk makes it (same cargo profile, wasm-bindgen and wasm-opt
passes) except that wasm-opt was given `-g`, which keeps the `name` section and changes no other
section. The measured module is NAMED_WASM without its name section; with DIST_WASM it says
whether that is byte-identical to the shipped file.

Providers: the `<folder>::REGISTRATION` entries of `REGISTRY` in crates/idp/src/registry.rs (or,
if that line cannot be read, every folder of crates/idp/src whose mod.rs has a REGISTRATION).
For each it adds up:

- own code: bodies of functions whose demangled name starts in `idp::<provider>::` (its
  functions, closures and `<idp::<provider>::T as Trait>` impls);
- generic code: bodies of other functions that name `idp::<provider>::` in their generic
  arguments (monomorphised for the adapter: `drop_in_place::<idp::okta::Okta>`, iterator
  adapters over its closures, ...). Only v0 symbol names carry these arguments;
- data: the string literals (pieces between format placeholders, >= 6 bytes) of the provider's
  non-test sources that occur in the data section and are not a literal, or part of one, anywhere
  else in src/ or crates/idp/src.

brotli: brotli(module) - brotli(module with those bytes cut out), both -q 11: what those bytes
add to the compressed file. Brotli re-plans its blocks when any bytes go, so this is the median
of BUNDLE_ADAPTERS_SAMPLES (default 5) variants that also cut the same three random 24-byte
pieces from both sides; "range" is their min-max. "alone" is brotli of those bytes concatenated
(no help from the rest of the module), "by-ratio" is raw x the module's brotli/raw ratio.
BUNDLE_ADAPTERS_LIST=1 also lists every function and literal counted.
Exits 0 unless it cannot read its inputs.
"""
import os
import pathlib
import random
import re
import shutil
import subprocess
import sys

sys.dont_write_bytecode = True
import rustsrc  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parent.parent
IDP = ROOT / "crates/idp/src"
GOAL = 8 * 1024
LIST = os.environ.get("BUNDLE_ADAPTERS_LIST") == "1"
SAMPLES = max(1, int(os.environ.get("BUNDLE_ADAPTERS_SAMPLES", "5")))


# --- wasm ---------------------------------------------------------------------------------------

def leb(b, i):
    result = shift = 0
    while True:
        x = b[i]
        i += 1
        result |= (x & 0x7F) << shift
        shift += 7
        if x < 0x80:
            return result, i


def sections(b):
    """[(id, custom name, payload start, payload end, section start)]."""
    if b[:4] != b"\0asm":
        raise ValueError("not a wasm module")
    out, i = [], 8
    while i < len(b):
        start, sid = i, b[i]
        size, i = leb(b, i + 1)
        name = ""
        if sid == 0:
            n, j = leb(b, i)
            name = b[j : j + n].decode("utf-8", "replace")
        out.append((sid, name, i, i + size, start))
        i += size
    return out


def payload(b, secs, sid):
    return next(((s, e) for i, _, s, e, _ in secs if i == sid), None)


def imported_functions(b, secs):
    """How many functions are imported (they come first in the function index space)."""
    where = payload(b, secs, 2)
    if not where:
        return 0
    count, i = leb(b, where[0])
    funcs = 0
    for _ in range(count):
        for _ in range(2):  # module and field names
            n, i = leb(b, i)
            i += n
        kind = b[i]
        i += 1
        if kind == 0:  # function: type index
            funcs += 1
            _, i = leb(b, i)
        elif kind in (1, 2):  # table (reftype, limits) or memory (limits)
            i += kind == 1
            flags, i = leb(b, i)
            _, i = leb(b, i)
            if flags & 1:
                _, i = leb(b, i)
        elif kind == 3:  # global: valtype, mutability
            i += 2
        elif kind == 4:  # tag: attribute, type index
            _, i = leb(b, i + 1)
        else:
            raise ValueError(f"unknown import kind {kind}")
    return funcs


def function_bodies(b, secs):
    """[(start, end)] of each defined function's body, size prefix included, in index order."""
    where = payload(b, secs, 10)
    if not where:
        raise ValueError("no code section")
    count, i = leb(b, where[0])
    bodies = []
    for _ in range(count):
        size, j = leb(b, i)
        bodies.append((i, j + size))
        i = j + size
    declared = payload(b, secs, 3)
    if i != where[1] or (declared and leb(b, declared[0])[0] != count):
        raise ValueError("the code section does not parse as expected")
    return bodies


def function_names(b, secs):
    """{function index: name} from the name section's function-names subsection."""
    for sid, name, start, end, _ in secs:
        if sid == 0 and name == "name":
            n, i = leb(b, start)
            i += n
            while i < end:
                sub = b[i]
                size, i = leb(b, i + 1)
                if sub == 1:
                    count, j = leb(b, i)
                    names = {}
                    for _ in range(count):
                        idx, j = leb(b, j)
                        n, j = leb(b, j)
                        names[idx] = b[j : j + n].decode("utf-8", "replace")
                        j += n
                    return names
                i += size
    raise ValueError("no function names (wasm-opt needs -g, and wasm-bindgen must not remove the name section)")


def demangle(names):
    """wasm-bindgen already demangles; any name still mangled goes through c++filt if present."""
    left = {k: v for k, v in names.items() if v.startswith(("_ZN", "_R"))}
    if left and shutil.which("c++filt"):
        keys = list(left)
        text = "\n".join(left[k].replace("\n", " ") for k in keys) + "\n"
        out = subprocess.run(["c++filt"], input=text, capture_output=True, text=True, check=True).stdout
        names = {**names, **dict(zip(keys, out.split("\n")))}
    return names


def without_name_section(b):
    out, last = bytearray(), 0
    for sid, name, _, end, start in sections(b):
        if sid == 0 and name == "name":
            out += b[last:start]
            last = end
    return bytes(out + b[last:])


# --- sources ------------------------------------------------------------------------------------

def literal_pieces(path):
    """The byte strings a file's literals can leave in the data section: format strings are split
    at their `{...}` placeholders; pieces under 6 bytes are dropped (too likely to match by chance)."""
    pieces = set()
    for _, _, value in rustsrc.literals(rustsrc.strip_tests(path.read_text())):
        for piece in re.split(r"(?<!\{)\{[^{}]*\}(?!\})", value):
            piece = piece.replace("{{", "{").replace("}}", "}").encode()
            if len(piece) >= 6:
                pieces.add(piece)
    return pieces


# --- brotli -------------------------------------------------------------------------------------

def cut(data, ranges):
    """`data` without the byte ranges (which may overlap)."""
    out, last = bytearray(), 0
    for s, e in sorted(ranges):
        out += data[last:max(s, last)]
        last = max(last, e)
    return bytes(out + data[last:])


def brotli_size(data):
    return len(subprocess.run(["brotli", "-q", "11", "-c"], input=data, capture_output=True, check=True).stdout)


def merge(ranges):
    out = []
    for s, e in sorted(ranges):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


# --- report -------------------------------------------------------------------------------------

def compare(shipped, dist_path):
    dist = dist_path.read_bytes()
    if shipped == dist:
        print(f"  check: the measured module is byte-identical to {dist_path.name} ({len(dist)} bytes)")
        return
    a, b = sections(shipped), sections(dist)
    size = lambda secs, sid: next((e - s for i, _, s, e, _ in secs if i == sid), 0)
    code, data = size(a, 10) - size(b, 10), size(a, 11) - size(b, 11)
    print(f"  check: measured module {len(shipped)} B, {dist_path.name} {len(dist)} B (code section {code:+d} B,"
          f" data {data:+d} B): v0 names alone change export names and a little code; a larger gap means"
          " dist/ is from other source (the figures are for the source as it is now)")


def main():
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    named = pathlib.Path(sys.argv[1]).read_bytes()
    names = function_names(named, sections(named))
    shipped = without_name_section(named)
    if len(sys.argv) > 2:
        compare(shipped, pathlib.Path(sys.argv[2]))
    secs = sections(shipped)
    bodies = function_bodies(shipped, secs)
    base = imported_functions(shipped, secs)
    plain = demangle({i: n for i, n in names.items() if 0 <= i - base < len(bodies)})
    data_at = payload(shipped, secs, 11)
    data = shipped[data_at[0] : data_at[1]] if data_at else b""

    kinds, source = rustsrc.providers(ROOT)
    if not kinds:
        raise ValueError("found no providers in crates/idp/src")
    own = {k: set().union(set(), *(literal_pieces(f) for f in rustsrc.rust_files(IDP / k))) for k in kinds}
    rest = set().union(set(), *(literal_pieces(f) for f in [*IDP.glob("*.rs"), *(ROOT / "src").rglob("*.rs")]))

    total_raw, total_br = len(shipped), brotli_size(shipped)
    ratio = total_br / total_raw
    print(f"  providers ({source}): {', '.join(kinds)}")
    print(f"  measured module: {total_raw} bytes, brotli {total_br} (ratio {ratio:.3f}), {len(bodies)} functions,"
          f" {len(bodies) - len(plain)} without a name (counted for no adapter)")
    rng = random.Random(2024)
    jitters = [[]] + [[(x, x + 24) for x in rng.sample(range(total_raw - 24), 3)] for _ in range(SAMPLES - 1)]
    bases = [total_br] + [brotli_size(cut(shipped, j)) for j in jitters[1:]]
    print(f"  {'adapter':<12} {'fns':>4} {'own-code':>8} {'generic':>7} {'data':>5} {'raw':>6} {'brotli':>7} "
          f"{'(range)':>11} {'alone':>6} {'by-ratio':>8}  vs the goal of 8 KB (8192 B) brotli per adapter")
    mark = lambda k: re.compile(r"(?<![A-Za-z0-9_])idp(\[[0-9a-f]+\])?::" + re.escape(k) + r"::")
    shared = 0
    for k in kinds:
        pattern, others = mark(k), [mark(o) for o in kinds if o != k]
        leading = re.compile(r"^<?&?(mut )?idp(\[[0-9a-f]+\])?::" + re.escape(k) + r"::")
        mine = sorted(i for i, n in plain.items() if pattern.search(n))
        shared += sum(1 for i in mine if any(o.search(plain[i]) for o in others))
        size = lambda i: bodies[i - base][1] - bodies[i - base][0]
        own_code = sum(size(i) for i in mine if leading.search(plain[i]))
        generic = sum(size(i) for i in mine) - own_code
        theirs = set().union(set(), *(own[o] for o in kinds if o != k)) | rest
        literals = []
        for piece in sorted(p for p in own[k] if not any(p in t for t in theirs)):
            at = data.find(piece)
            if at != -1:
                literals.append((data_at[0] + at, data_at[0] + at + len(piece)))
        literals = merge(literals)
        data_raw = sum(e - s for s, e in literals)
        ranges = [bodies[i - base] for i in mine] + literals
        marginals = sorted(b - brotli_size(cut(shipped, ranges + j)) for b, j in zip(bases, jitters))
        marginal = marginals[len(marginals) // 2]
        alone = brotli_size(b"".join(shipped[s:e] for s, e in sorted(ranges)))
        raw = own_code + generic + data_raw
        verdict = f"within ({GOAL - marginal} B to spare)" if marginal <= GOAL else f"OVER by {marginal - GOAL} B"
        print(f"  {k:<12} {len(mine):>4} {own_code:>8} {generic:>7} {data_raw:>5} {raw:>6} {marginal:>7} "
              f"{f'{marginals[0]}-{marginals[-1]}':>11} {alone:>6} {round(raw * ratio):>8}  {verdict}")
        if LIST:
            for i in sorted(mine, key=size, reverse=True):
                print(f"      {size(i):>6} {'own' if leading.search(plain[i]) else 'generic':<7} {plain[i]}")
            for s, e in literals:
                print(f"      {e - s:>6} data    {shipped[s:e].decode('utf-8', 'replace')!r}")
    if shared:
        print(f"  note: {shared} functions name more than one provider and are counted for each")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (OSError, ValueError, IndexError, subprocess.CalledProcessError) as e:
        print(f"adapter_cost: {e}", file=sys.stderr)
        sys.exit(1)
