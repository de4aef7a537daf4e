"""How often do both gateways rekey the same Child SA at once?

site-to-site with a short Child SA rekey_time: both gwA and gwB schedule a rekey at
rekey_time - jitter, jitter uniform in [0, rand_time). When the two CREATE_CHILD_SA requests
cross on the WAN (the second one starts before the first arrives) it is a rekey collision
(RFC 7296 2.8.1): ike/collision events. The smaller rand_time and the longer the RTT, the
more often it happens. Writes rekey_collisions.csv and rekey_collisions.png.

    ./lab python python/examples/rekey_collisions.py [--small] [--runs N] [--out DIR]
"""

import _common


def main():
    args = _common.parse(__doc__.splitlines()[0], default_runs=10)
    if args.small:
        grid = {"childRandTime": [0.01, 0.3], "wanDelay": ["10ms", "100ms"]}
        fixed = {"childRekey": 1.0, "duration": 4.0, "packets": 10}
    else:
        grid = {"childRandTime": [0.001, 0.01, 0.03, 0.1, 0.3, 1.0],
                "wanDelay": ["5ms", "25ms", "50ms", "100ms"]}
        fixed = {"childRekey": 2.0, "duration": 30.0, "packets": 100}
    table = _common.sweep(args, "site-to-site", grid=grid, fixed=fixed,
                          metrics=["collisions", "child_rekeys", "rekeys"])
    # Collisions per Child SA rekey would be a ratio of means; the plot shows collisions per run.
    _common.save(args, table, "rekey_collisions", x="childRandTime", y="collisions",
                 hue="wanDelay", xlabel="Child SA rand_time (s)",
                 ylabel="rekey collisions per run")


if __name__ == "__main__":
    main()
