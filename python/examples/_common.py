"""Shared command line of the examples: --small, --out, --runs, --processes, --dask."""

import argparse
import os
import sys


def parse(description, default_runs=10):
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--small", action="store_true",
                   help="a tiny grid with 2 runs per point (seconds; used by the tests)")
    p.add_argument("--out", default=os.path.dirname(os.path.abspath(sys.argv[0])),
                   help="directory for the CSV and PNG (default: next to this script)")
    p.add_argument("--runs", type=int, default=None,
                   help="replications per grid point (default %d, 2 with --small)" % default_runs)
    p.add_argument("--processes", type=int, default=None, help="local worker processes")
    p.add_argument("--dask", action="store_true",
                   help="run the jobs on a dask.distributed LocalCluster instead of a pool")
    p.add_argument("--quiet", action="store_true", help="no progress lines")
    args = p.parse_args()
    if args.runs is None:
        args.runs = 2 if args.small else default_runs
    if args.runs < 1:
        p.error("--runs must be at least 1")
    os.makedirs(args.out, exist_ok=True)
    return args


def sweep(args, scenario, **kwargs):
    """ipseclab.sweep with the pool or dask cluster the command line asked for."""
    import ipseclab
    common = dict(runs=args.runs, progress=not args.quiet)
    if args.dask:
        from dask.distributed import Client, LocalCluster
        with LocalCluster(n_workers=args.processes or os.cpu_count(), processes=True,
                          threads_per_worker=1) as cluster, Client(cluster) as client:
            return ipseclab.sweep(scenario, client=client, **common, **kwargs)
    return ipseclab.sweep(scenario, processes=args.processes, **common, **kwargs)


def save(args, table, stem, x, y, hue=None, **plot):
    csv = table.to_csv(os.path.join(args.out, stem + ".csv"))
    png = os.path.join(args.out, stem + ".png")
    table.plot(x, y, hue=hue, path=png, **plot)
    print(table)
    print("wrote %s and %s" % (csv, png))
