"""The figures: one row per page, the totals, the checks and the memory, as a table and as JSON."""

from __future__ import annotations

import re
import statistics
from collections import Counter

from tests.benchmarks.surge.phases import Recorder, percentile

TARGET_RATIO = 3.0  # p95 under load at most three times the unloaded median (reported, not asserted)
MB = 1024 * 1024


def page_rows(load: Recorder, unloaded: Recorder, seconds: float, steady: Recorder) -> list[dict]:
    """One row per page: the whole surge, and its steady state (the requests after the last sign-in)."""
    rows = []
    for name, times in load.times.items():
        p95 = percentile(times, 0.95)
        base = unloaded.median(name)
        ratio = p95 / base if base else None
        later = steady.times.get(name, [])
        steady_p95 = percentile(later, 0.95) if later else None
        steady_ratio = steady_p95 / base if base and steady_p95 is not None else None
        rows.append(
            {
                "page": name,
                "requests": len(times),
                "per_second": len(times) / seconds,
                "median_ms": statistics.median(times),
                "p95_ms": p95,
                "p99_ms": percentile(times, 0.99),
                "max_ms": max(times),
                "unloaded_median_ms": base,
                "unloaded_requests": len(unloaded.times.get(name, [])),
                "p95_over_unloaded_median": ratio,
                "target_met": ratio is not None and ratio <= TARGET_RATIO,
                "steady_requests": len(later),
                "steady_median_ms": statistics.median(later) if later else None,
                "steady_p95_ms": steady_p95,
                "steady_p95_over_unloaded_median": steady_ratio,
                "steady_target_met": steady_ratio is not None and steady_ratio <= TARGET_RATIO,
                "errors": sum(load.errors[name].values()),
                "error_messages": dict(load.errors[name]),
            }
        )
    return rows


def memory_rows(start: dict[int, int], warm: dict[int, int], end: dict[int, int]) -> list[dict]:
    rows = []
    for pid in sorted(set(start) | set(warm) | set(end)):
        rows.append(
            {
                "pid": pid,
                "rss_started_mb": _mb(start.get(pid)),
                "rss_warm_mb": _mb(warm.get(pid)),
                "rss_after_mb": _mb(end.get(pid)),
                "growth_after_warm_up_mb": _mb(end[pid] - warm[pid]) if pid in end and pid in warm else None,
            }
        )
    return rows


def _mb(value: int | None) -> float | None:
    return None if value is None else round(value / MB, 1)


def access_log_summary(text: str) -> dict:
    """Requests per gunicorn worker and per status, from the access log (pid status method path µs)."""
    per_worker: Counter = Counter()
    statuses: Counter = Counter()
    for line in text.splitlines():
        parts = line.split()
        if len(parts) == 5:
            per_worker[parts[0].strip("<>")] += 1
            statuses[parts[1]] += 1
    return {"requests_per_worker": dict(per_worker), "statuses": dict(sorted(statuses.items()))}


def server_times(text: str) -> list[dict]:
    """Time inside gunicorn per method and path (ids folded), from the access log's lines."""
    times: dict[str, list[float]] = {}
    for line in text.splitlines():
        parts = line.split()
        if len(parts) == 5:
            path = re.sub(r"/\d+/", "/<id>/", parts[3])
            times.setdefault(f"{parts[2]} {path}", []).append(int(parts[4]) / 1000)
    return [
        {
            "path": path,
            "requests": len(values),
            "median_ms": statistics.median(values),
            "p95_ms": percentile(values, 0.95),
        }
        for path, values in sorted(times.items(), key=lambda item: -len(item[1]))
    ]


def _ms(value: float | None) -> str:
    return "—" if value is None else f"{value:,.0f}"


def _ratio(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}x"


def table(result: dict) -> str:
    pages = result["pages"]
    width = max(len(row["page"]) for row in pages) if pages else 10
    head = (
        f"{'page':<{width}}  {'requests':>8}  {'req/s':>6}  {'median':>7}  {'p95':>7}  {'p99':>7}  "
        f"{'unloaded':>8}  {'p95/unl':>7}  {'errors':>6}  {'steady p95':>10}  {'p95/unl':>7}"
    )
    lines = [head, "-" * len(head)]
    for row in pages:
        ratio = row["p95_over_unloaded_median"]
        lines.append(
            f"{row['page']:<{width}}  {row['requests']:>8}  {row['per_second']:>6.2f}  "
            f"{_ms(row['median_ms']):>7}  {_ms(row['p95_ms']):>7}  {_ms(row['p99_ms']):>7}  "
            f"{_ms(row['unloaded_median_ms']):>8}  {_ratio(ratio):>7}  "
            f"{row['errors']:>6}  {_ms(row['steady_p95_ms']):>10}  "
            f"{_ratio(row['steady_p95_over_unloaded_median']):>7}"
        )
    totals = result["totals"]
    lines.append("-" * len(head))
    lines.append(
        f"{'all pages':<{width}}  {totals['requests']:>8}  {totals['per_second']:>6.2f}  "
        f"{_ms(totals['median_ms']):>7}  {_ms(totals['p95_ms']):>7}  {_ms(totals['p99_ms']):>7}  "
        f"{'':>8}  {'':>7}  {totals['errors']:>6}"
    )
    lines.append(
        "(times in milliseconds; unloaded: median of one user alone; target p95 <= 3x unloaded; steady: the"
        f" requests after the last sign-in, {result['totals']['steady_from_seconds']:.0f} s into the surge)"
    )
    met = [row for row in pages if row["target_met"]]
    steady = [row for row in pages if row["steady_requests"]]
    steady_met = [row for row in steady if row["steady_target_met"]]
    lines.append(
        f"target met by {len(met)} of {len(pages)} pages over the whole surge; "
        f"by {len(steady_met)} of {len(steady)} in its steady state"
    )
    for row in pages:
        for message, count in row["error_messages"].items():
            lines.append(f"  error x{count}  {row['page']}: {message}")
    lines.append("")
    lines.append(
        f"surge: {totals['arrivals_registered']} arrivals registered in {totals['seconds']:.0f} s "
        f"= {totals['arrivals_per_minute']:.0f} a minute, by {result['options']['users']} caseworkers "
        f"and {result['options']['liaisons']} liaisons; {totals['verification_requests']} verification "
        f"requests, {totals['embassy_steps']} embassy steps"
    )
    cases = result["checks"]["cases"]
    lines.append(
        f"cases: {cases['new_cases']} new of {cases['expected']} expected, {cases['opened_events']} opened "
        f"events, {cases['registered_twice']} registered twice, {cases['per_caseworker_min']} to "
        f"{cases['per_caseworker_max']} per caseworker  {'OK' if cases['ok'] else 'FAILED'}"
    )
    n = result["checks"]["notifications"]
    lines.append(
        f"notifications: {n['written']} written {n['by_kind']}, {n['outbox_mismatches']} outbox mismatches, "
        f"{n['undelivered']} undelivered, {n['inbox_items']} inbox items, "
        f"{n['inbox_duplicates']} duplicates, "
        f"{n['not_emailed']} not emailed; {n['emails']} emails counting {n['rows_counted_by_emails']} rows "
        f"for {n['rows_emailed']} rows emailed  {'OK' if n['ok'] else 'FAILED'}"
    )
    lines.append(
        f"  delivery tasks: {n['task_outcomes']}; drained in {result['checks']['drain']['seconds']} s"
    )
    lines.append("memory of the gunicorn workers (RSS, MB): started → warmed up → after the surge (growth)")
    for row in result["memory"]["workers"]:
        lines.append(
            f"  pid {row['pid']}: {row['rss_started_mb']} → {row['rss_warm_mb']} → {row['rss_after_mb']} "
            f"({row['growth_after_warm_up_mb']:+})"
            if row["growth_after_warm_up_mb"] is not None
            else f"  pid {row['pid']}: {row['rss_started_mb']} → {row['rss_warm_mb']} → {row['rss_after_mb']}"
        )
    lines.append(f"  same workers throughout: {result['memory']['same_workers']}")
    samples = [
        f"{s['seconds']} s/{s['registered']} arrivals {s.get('mean_mb')}/{s.get('max_mb')}"
        for s in result["memory"]["during_surge"]
    ]
    lines.append("  during the surge (time/arrivals mean/max MB): " + ", ".join(samples))
    lines.append("time inside gunicorn during the surge (access log; waiting for a free worker excluded):")
    for row in result["server_side"]:
        lines.append(
            f"  {row['path']:<40} {row['requests']:>6}  median {_ms(row['median_ms']):>5}  "
            f"p95 {_ms(row['p95_ms']):>5}"
        )
    cpu = ", ".join(f"{name} {used}" for name, used in result["cpu_seconds_during_surge"].items())
    cores = result["machine"]["cpus"]
    lines.append(
        f"CPU seconds during the surge ({cores} cores x {result['totals']['seconds']:.0f} s = "
        f"{cores * result['totals']['seconds']:.0f} available): {cpu}"
    )
    log = result["access_log"]
    lines.append(f"access log: {log['statuses']} by worker {log['requests_per_worker']}")
    lines.append(
        f"load average: before {result['machine']['load_before']}, after {result['machine']['load_after']}"
    )
    return "\n".join(lines)
