"""The cost of PFS on Child SA rekey time, per DH group.

With --pfs=GROUP each CREATE_CHILD_SA rekey carries a KE payload and both peers do a
Diffie-Hellman exchange; with --cryptoTime=true the DH operations take simulated time (the
ns3::IkeDaemon::DhTime* defaults, docs/ike.md), so the rekey time shows the cost of each group.
"none" is no PFS. Writes pfs_cost.csv / .png.

    ./lab python python/examples/pfs_cost.py [--small] [--runs N] [--out DIR]
"""

import _common

GROUPS = ["none", "x25519", "ecp256", "ecp384", "modp2048"]


def main():
    args = _common.parse(__doc__.splitlines()[0], default_runs=5)
    groups = ["none", "x25519", "modp2048"] if args.small else GROUPS
    # "none" means: no --pfs option (a None grid value is left out of the command line).
    grid = {"pfs": [None if g == "none" else g for g in groups]}
    fixed = {"cryptoTime": True, "childRekey": 1.0,
             "duration": 4.0 if args.small else 20.0, "packets": 10}
    table = _common.sweep(args, "site-to-site", grid=grid, fixed=fixed,
                          metrics=["rekey_duration", "setup_time", "child_rekeys"])
    for row in table.rows:
        if row["pfs"] is None:
            row["pfs"] = "none"
    _common.save(args, table, "pfs_cost", x="pfs", y="rekey_duration",
                 xlabel="PFS DH group (cryptoTime=true)", ylabel="mean Child SA rekey time (s)")


if __name__ == "__main__":
    main()
