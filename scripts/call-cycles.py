#!/usr/bin/env python3
"""call-cycles.py: finds call cycles between the files of lib/.

    scripts/call-cycles.py OBJDIR [SRCDIR] [--graph]

Reads the symbol tables of the objects under OBJDIR (e.g. build/lib) with
`nm`: a file that uses a global symbol another file defines depends on that
file. With SRCDIR (e.g. lib), only the objects of its current .c files
count, so that an object left behind by a removed source is ignored.
Files that depend on each other, directly or through others, form a
cycle; each cycle is printed with the symbols on its edges. Exit status 1
when there is a cycle, 0 when the files form a layered graph.
--graph also prints every dependency, one "a -> b: symbols" line each."""
import os
import subprocess
import sys


def symbols(obj):
    """(defined, undefined) global symbol names of one object."""
    out = subprocess.run(["nm", "-P", obj], check=True, capture_output=True,
                         text=True).stdout
    defined, undefined = set(), set()
    for line in out.splitlines():
        parts = line.split()
        if len(parts) < 2:
            continue
        name, kind = parts[0], parts[1]
        if kind == "U":
            undefined.add(name)
        elif kind.isupper() and kind not in "N":
            defined.add(name)
    return defined, undefined


def sccs(nodes, edges):
    """Tarjan's strongly connected components (iterative)."""
    index, low, on, stack, out, counter = {}, {}, set(), [], [], [0]
    for root in nodes:
        if root in index:
            continue
        work = [(root, iter(sorted(edges.get(root, ()))))]
        index[root] = low[root] = counter[0]; counter[0] += 1
        stack.append(root); on.add(root)
        while work:
            v, it = work[-1]
            w = next(it, None)
            if w is not None:
                if w not in index:
                    index[w] = low[w] = counter[0]; counter[0] += 1
                    stack.append(w); on.add(w)
                    work.append((w, iter(sorted(edges.get(w, ())))))
                elif w in on:
                    low[v] = min(low[v], index[w])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[v])
            if low[v] == index[v]:
                comp = []
                while True:
                    w = stack.pop(); on.discard(w); comp.append(w)
                    if w == v:
                        break
                out.append(sorted(comp))
    return out


def main(argv):
    args = [a for a in argv[1:] if a != "--graph"]
    if not 1 <= len(args) <= 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    top = args[0].rstrip("/")
    objs = []
    for d, _, files in os.walk(top):
        objs += [os.path.join(d, f) for f in files if f.endswith(".o")]
    if len(args) == 2:
        objs = [o for o in objs if os.path.isfile(
            os.path.join(args[1], os.path.relpath(o, top)[:-2] + ".c"))]
    if not objs:
        print("call-cycles: no objects under %s (build first)" % top, file=sys.stderr)
        return 2
    names = {o: os.path.relpath(o, top)[:-2] + ".c" for o in objs}
    owner, uses = {}, {}
    for o in objs:
        defined, undefined = symbols(o)
        for s in defined:
            owner[s] = names[o]
        uses[names[o]] = undefined
    edges, via = {}, {}
    for f, undefined in uses.items():
        for s in undefined:
            g = owner.get(s)
            if g is not None and g != f:
                edges.setdefault(f, set()).add(g)
                via.setdefault((f, g), set()).add(s)
    if "--graph" in argv:
        for (f, g), syms in sorted(via.items()):
            print("%s -> %s: %s" % (f, g, " ".join(sorted(syms))))
    cycles = [c for c in sccs(sorted(uses), edges) if len(c) > 1]
    for c in cycles:
        print("cycle: " + " ".join(c))
        for f in c:
            for g in sorted(edges.get(f, ())):
                if g in c:
                    print("  %s -> %s: %s" % (f, g, " ".join(sorted(via[(f, g)]))))
    print("%d files, %d dependencies, %d cycles" %
          (len(uses), sum(len(v) for v in edges.values()), len(cycles)))
    return 1 if cycles else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
