"""Child SA rekey completion time vs WAN loss and RTT.

A lost CREATE_CHILD_SA request or response is retransmitted after a timeout that doubles each
time (strongSwan: retransmit_timeout * retransmit_base ^ n), so the mean rekey time grows
quickly with loss, and with the RTT. Metric: ike/rekey-start -> ike/rekey-done on the node that
started the rekey. Writes rekey_time_vs_loss.csv / .png.

    ./lab python python/examples/rekey_time_vs_loss.py [--small] [--runs N] [--out DIR]
"""

import _common


def main():
    args = _common.parse(__doc__.splitlines()[0], default_runs=10)
    if args.small:
        grid = {"wanLoss": [0.0, 0.2], "wanDelay": ["10ms", "100ms"]}
        fixed = {"childRekey": 1.0, "duration": 12.0, "packets": 5}
    else:
        grid = {"wanLoss": [0.0, 0.02, 0.05, 0.1, 0.2, 0.3],
                "wanDelay": ["5ms", "25ms", "50ms", "100ms"]}
        fixed = {"childRekey": 2.0, "duration": 60.0, "packets": 50}
    table = _common.sweep(args, "site-to-site", grid=grid, fixed=fixed,
                          metrics=["rekey_duration", "max_rekey_duration", "child_rekeys",
                                   "retransmissions"])
    _common.save(args, table, "rekey_time_vs_loss", x="wanLoss", y="rekey_duration",
                 hue="wanDelay", xlabel="WAN loss rate", ylabel="mean Child SA rekey time (s)")


if __name__ == "__main__":
    main()
