"""``python -m cairn.demo``: see the package's docstring."""

from __future__ import annotations

import argparse
import os
import sys

from .config import DEMO_EMAIL, DEMO_PASSWORD, Schedule

DESCRIPTION = (
    "Fills the demo organization of a `cairn serve --demo` server: two projects, experiments of 20 runs "
    "logged with MLflow, registered models, a deployment with traffic that drifts, a monitor and an alert "
    "rule. Idempotent: what exists is skipped."
)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m cairn.demo", description=DESCRIPTION)
    p.add_argument("--url", default=os.environ.get("CAIRN_URL", "http://127.0.0.1:8080"), help="the server")
    p.add_argument("--email", default=DEMO_EMAIL, help="the demo user (default: %(default)s)")
    p.add_argument("--password-env", default="CAIRN_DEMO_PASSWORD",
                   help="an environment variable holding the password (default: %(default)s; "
                        "unset: the public demo password)")
    p.add_argument("--traffic-interval", type=float, default=1.0, help="seconds between batches (default 1)")
    p.add_argument("--drift-after", type=float, default=120.0, help="seconds of traffic before drift (default 120)")
    p.add_argument("--traffic-seconds", type=float, default=0.0,
                   help="stop the traffic after this long (default 0: until the server stops)")
    p.add_argument("--no-traffic", action="store_true", help="create the content and exit")
    p.add_argument("--wait", type=float, default=0.0, metavar="SECONDS",
                   help="wait up to this long for the server to answer /healthz first")
    p.add_argument("--exit-with-pid", type=int, default=None, metavar="PID",
                   help="exit when this process ends (make run passes the server's)")
    p.add_argument("--rule-interval", type=int, default=15, help="the alert rule's evaluation interval (s)")
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    for name, value in (("--traffic-interval", args.traffic_interval), ("--drift-after", args.drift_after),
                        ("--traffic-seconds", args.traffic_seconds)):
        if value < 0:
            parser().error(f"{name} must not be negative")
    if args.traffic_interval <= 0:
        parser().error("--traffic-interval must be positive")
    if args.wait < 0:
        parser().error("--wait must not be negative")
    if args.rule_interval < 1:
        parser().error("--rule-interval must be at least 1")
    from . import lifeline

    if args.exit_with_pid is not None:
        lifeline.exit_with(args.exit_with_pid)
    if args.wait and not lifeline.wait_healthy(args.url.rstrip("/"), args.wait):
        print(f"[demo] {args.url} did not answer within {args.wait:g}s; no demo content", file=sys.stderr)
        return 1
    try:
        from .seed import seed  # late: --help should not import MLflow and scikit-learn
    except ModuleNotFoundError as exc:
        print(f"[demo] {exc}: install the demo extra (pip install 'cairn[demo]')", file=sys.stderr)
        return 1

    schedule = Schedule(args.traffic_interval, args.drift_after, args.traffic_seconds, args.rule_interval)
    password = os.environ.get(args.password_env) or DEMO_PASSWORD
    try:
        seed(args.url, password, schedule, email=args.email, traffic_on=not args.no_traffic)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # one line for the person watching `make run`, not a traceback
        print(f"[demo] failed: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
