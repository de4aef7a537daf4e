"""Packets lost around a Child SA rekey vs the delete delay and the traffic rate.

After a rekey the old inbound SA is kept for --deleteDelay seconds so packets already sent
with it still decrypt. With no delay, packets in flight on the old SA are dropped (no-sa).
site-to-site with UDP echo traffic at several rates (requests per second per host pair);
metrics: requests not answered, and IPsec no-sa drops. Writes rekey_loss.csv / .png.

    ./lab python python/examples/rekey_loss.py [--small] [--runs N] [--out DIR]
"""

import _common


def main():
    args = _common.parse(__doc__.splitlines()[0], default_runs=10)
    if args.small:
        duration = 4.0
        grid = {"deleteDelay": [0.0, 1.0], "packets": [20, 100]}
        fixed = {"childRekey": 1.5, "wanDelay": "50ms"}
    else:
        duration = 11.2
        grid = {"deleteDelay": [0.0, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0],
                "packets": [50, 200, 1000]}
        fixed = {"childRekey": 3.0, "wanDelay": "50ms"}
    fixed["duration"] = duration
    table = _common.sweep(args, "site-to-site", grid=grid, fixed=fixed,
                          metrics=["app_lost", "app_loss", "drops:no-sa", "rekeys"])
    # packets are sent over duration - 1.2 s: label the lines by rate.
    _common.save(args, table, "rekey_loss", x="deleteDelay", y="app_lost", hue="packets",
                 xlabel="delete delay of the old SA (s)   [hue: requests per host pair in "
                        "%.0f s]" % (duration - 1.2),
                 ylabel="UDP echoes not answered per run")


if __name__ == "__main__":
    main()
