"""``cairn alerts``: the inbox (list, show, ack, resolve), rules and silences."""

from __future__ import annotations

import time

import click

from .output import emit, emit_table, output_option, timestamp
from .session import session

STATES = ("pending", "firing", "resolved", "acknowledged", "silenced")


def _duration(text: str) -> int:
    """Seconds from ``90``, ``30s``, ``15m``, ``2h`` or ``1d``."""
    units = {"s": 1, "m": 60, "h": 3600, "d": 86400}
    value = text.strip().lower()
    try:
        if value and value[-1] in units:
            return int(float(value[:-1]) * units[value[-1]])
        return int(value)
    except ValueError:
        raise click.BadParameter(f"{text!r}: expected seconds or a number with s, m, h or d") from None


@click.group()
def alerts() -> None:
    """Alerts of the project: the inbox, rules and silences."""


@alerts.command("list")
@click.option(
    "--state",
    "states",
    multiple=True,
    type=click.Choice(STATES),
    help="Only alerts in this state (repeatable; acknowledged and silenced are open alerts so marked).",
)
@click.option("--severity", type=click.Choice(("critical", "warning", "info")), default=None)
@click.option("--rule", default=None, help="A rule's name or id.")
@click.option("--deployment", default=None)
@click.option("--hours", type=click.IntRange(min=1), default=None, help="Only alerts active in the last N hours.")
@click.option("--limit", type=click.IntRange(1, 1000), default=None)
@output_option
@click.pass_context
def list_alerts(
    ctx: click.Context,
    states: tuple[str, ...],
    severity: str | None,
    rule: str | None,
    deployment: str | None,
    hours: int | None,
    limit: int | None,
    output: str | None,
) -> None:
    """The inbox, newest first."""
    start = int(time.time() * 1000) - hours * 3_600_000 if hours else None
    page = session(ctx).client().alerts.list(
        state=list(states) or None, severity=severity, rule=rule, deployment=deployment, start=start, limit=limit
    )

    def table() -> None:
        emit_table(
            (
                (
                    a.id,
                    a.rule.get("name"),
                    a.state + (" (acked)" if a.acknowledged else "") + (" (silenced)" if a.silenced_by else ""),
                    a.severity,
                    a.value,
                    timestamp(a.fired_at or a.active_since),
                    a.annotations.get("summary", ""),
                )
                for a in page.alerts
            ),
            ["id", "rule", "state", "severity", "value", "since", "summary"],
        )

    emit(ctx, output, page, table)


@alerts.command("show")
@click.argument("alert_id")
@output_option
@click.pass_context
def show_alert(ctx: click.Context, alert_id: str, output: str | None) -> None:
    """An alert with its timeline."""
    alert = session(ctx).client().alerts.get(alert_id)

    def table() -> None:
        click.echo(f"{alert.rule.get('name')}  {alert.state}  {alert.severity}  value={alert.value}")
        for key, value in sorted(alert.labels.items()):
            click.echo(f"  {key}={value}")
        for key, value in sorted(alert.annotations.items()):
            click.echo(f"  {key}: {value}")
        if alert.acknowledged:
            ack = alert.acknowledged
            click.echo(f"acknowledged by {ack.get('by')} at {timestamp(ack.get('at'))}: {ack.get('note', '')}")
        click.echo("timeline:")
        for event in alert.timeline:
            click.echo(f"  {timestamp(event.get('at'))}  {event.get('kind')}  {event.get('actor', '')}".rstrip())

    emit(ctx, output, alert, table)


def _act(ctx: click.Context, verb: str, ids: tuple[str, ...], note: str | None, output: str | None) -> None:
    client = session(ctx).client()
    if len(ids) == 1:
        alert = getattr(client.alerts, verb)(ids[0], note=note)
        emit(ctx, output, alert, lambda: click.echo(f"{alert.id}: {verb}d ({alert.state})"))
        return
    done = client.alerts.bulk(ids=list(ids), action=verb, note=note)
    emit(
        ctx,
        output,
        done,
        lambda: emit_table(((r.get("id"), "ok" if r.get("ok") else r.get("error")) for r in done.results),
                           ["id", "result"]),
    )
    if not all(r.get("ok") for r in done.results):
        ctx.exit(1)


@alerts.command("ack")
@click.argument("alert_ids", nargs=-1, required=True)
@click.option("-m", "--note", default=None, help="Why, or what is being done.")
@output_option
@click.pass_context
def ack(ctx: click.Context, alert_ids: tuple[str, ...], note: str | None, output: str | None) -> None:
    """Acknowledges alerts (stops their escalation)."""
    _act(ctx, "acknowledge", alert_ids, note, output)


@alerts.command("resolve")
@click.argument("alert_ids", nargs=-1, required=True)
@click.option("-m", "--note", default=None)
@output_option
@click.pass_context
def resolve(ctx: click.Context, alert_ids: tuple[str, ...], note: str | None, output: str | None) -> None:
    """Resolves alerts by hand."""
    _act(ctx, "resolve", alert_ids, note, output)


@alerts.group("rules")
def rules() -> None:
    """Alert rules."""


@rules.command("list")
@output_option
@click.pass_context
def list_rules(ctx: click.Context, output: str | None) -> None:
    """The project's rules with their health and open alert."""
    items = session(ctx).client().alerts.rules.list()

    def condition(c: dict[str, object]) -> str:
        if c.get("type") == "absence":
            return "absent"
        return f"{c.get('op', '')} {c.get('value', '')}" + ("%" if c.get("relative") else "")

    emit(
        ctx,
        output,
        items,
        lambda: emit_table(
            (
                (
                    r.name,
                    r.monitor or (f"experiment {r.experiment}" if r.experiment else "-"),
                    r.series,
                    condition(r.condition),
                    r.severity,
                    ("enabled" if r.enabled else "disabled"),
                    r.status.get("health"),
                    (r.alert or {}).get("state", "-"),
                )
                for r in items
            ),
            ["name", "watches", "series", "condition", "severity", "enabled", "health", "alert"],
        ),
    )


@alerts.group("silence")
def silence() -> None:
    """Silences."""


@silence.command("create")
@click.argument("matchers", nargs=-1, required=True)
@click.option("-c", "--comment", required=True, help="Why (shown with every silenced alert).")
@click.option("-d", "--duration", default="1h", show_default=True, help="How long: seconds, or 30m, 2h, 1d.")
@output_option
@click.pass_context
def create_silence(ctx: click.Context, matchers: tuple[str, ...], comment: str, duration: str, output: str | None) -> None:
    """Silences alerts whose labels match every MATCHER (name=value, name!=value, name=~regex, name!~regex)."""
    seconds = _duration(duration)
    try:
        made = session(ctx).client().alerts.silences.create(matchers=matchers, comment=comment, duration_seconds=seconds)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="MATCHERS") from exc
    emit(ctx, output, made, lambda: click.echo(f"silence {made.id} until {timestamp(made.ends_at)} UTC"))


@silence.command("list")
@click.option("--all", "include_expired", is_flag=True, help="Expired ones too.")
@output_option
@click.pass_context
def list_silences(ctx: click.Context, include_expired: bool, output: str | None) -> None:
    """Active and scheduled silences."""
    items = session(ctx).client().alerts.silences.list(include_expired=include_expired)
    emit(
        ctx,
        output,
        items,
        lambda: emit_table(
            (
                (
                    s.id,
                    " ".join(f"{m['name']}{m.get('op', '=')}{m['value']}" for m in s.matchers),
                    s.state,
                    timestamp(s.ends_at),
                    s.comment,
                )
                for s in items
            ),
            ["id", "matchers", "state", "ends", "comment"],
        ),
    )


@silence.command("expire")
@click.argument("silence_id")
@click.pass_context
def expire_silence(ctx: click.Context, silence_id: str) -> None:
    """Ends a silence now."""
    session(ctx).client().alerts.silences.expire(silence_id)
    click.echo(f"silence {silence_id} expired", err=True)
