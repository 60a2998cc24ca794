"""What an exporter plugs into the runtime: a Target per thing it reads, filling a Scrape.

A Target's ``collect(scrape)`` runs in a worker thread under the runtime's
deadline. It adds metric families to the Scrape, usually through
``scrape.run(collector, fn)`` so that one failing query marks only its
collector unsuccessful. Raising from collect() means the whole target is down
(``<namespace>_up 0``). ``interrupt()`` is called from another thread when the
deadline passes and must make a blocked collect() return soon (close or shut
down the socket it waits on).
"""

from __future__ import annotations

import abc
import logging
from collections.abc import Callable, Iterable, Mapping

from prometheus_client.core import Metric

log = logging.getLogger("exporters.runtime")


class Scrape:
    """Families collected from one target in one scrape, and each collector's success."""

    def __init__(self, target: str, label: str = "target", fatal: tuple[type[BaseException], ...] = ()) -> None:
        self.target, self.label, self.fatal = target, label, fatal
        self.families: dict[str, Metric] = {}
        self.collectors: dict[str, bool] = {}

    def add(self, family: Metric) -> None:
        """Add a family; samples of a family already present are appended to it."""
        have = self.families.get(family.name)
        if have is None:
            self.families[family.name] = family
        else:
            have.samples.extend(family.samples)

    def sample(
        self, name: str, doc: str, value: float, labels: Mapping[str, str] | None = None, typ: str = "gauge"
    ) -> None:
        """Add one sample; the family is created on first use (name as exposed, e.g. ``x_info``)."""
        family_name = name[: -len("_info")] if typ == "info" and name.endswith("_info") else name
        family = self.families.get(family_name)
        if family is None:
            family = self.families[family_name] = Metric(family_name, doc, typ)
        family.add_sample(name, dict(labels or {}), float(value))

    def target_sample(self, name: str, doc: str, value: float, **labels: str) -> None:
        """A sample labelled with this target (``{label}=<target>``) plus any other labels."""
        self.sample(name, doc, value, {self.label: self.target, **labels})

    def run(self, collector: str, fn: Callable[[Scrape], None]) -> bool:
        """Run one collector into a private buffer; keep its samples only if it succeeds.

        Exceptions of the ``fatal`` types (a lost connection) propagate and take
        the whole target down; any other is logged and recorded as failure.
        """
        part = Scrape(self.target, self.label, self.fatal)
        try:
            fn(part)
        except self.fatal:
            self.collectors[collector] = False
            raise
        except Exception as exc:
            log.warning(
                "collector failed", extra={"fields": {self.label: self.target, "collector": collector, "err": str(exc)}}
            )
            self.collectors[collector] = False
            return False
        for family in part.families.values():
            self.add(family)
        self.collectors.update(part.collectors)
        self.collectors[collector] = True
        return True


class Target(abc.ABC):
    """One thing an exporter reads: a database, a Sentinel, a backup repository."""

    # Exceptions that mean "the target is gone" even inside scrape.run() (e.g. a lost connection).
    fatal: tuple[type[BaseException], ...] = ()

    def __init__(self, name: str) -> None:
        self.name = name

    @abc.abstractmethod
    def collect(self, scrape: Scrape) -> None:
        """Fill the scrape; raise if the target cannot be read at all. Runs in a worker thread."""

    def interrupt(self) -> None:  # noqa: B027 - optional hook, a no-op by default
        """Unblock a collect() that overran its deadline (called from another thread)."""

    def close(self) -> None:  # noqa: B027 - optional hook, a no-op by default
        """Release connections at shutdown."""

    def describe(self) -> str:
        """What the landing page shows for the target; never a password."""
        return self.name


def merge(families: Iterable[Metric]) -> list[Metric]:
    """Families with the same name merged into one (several targets export the same metrics)."""
    out: dict[str, Metric] = {}
    for family in families:
        have = out.get(family.name)
        if have is None:
            copy = Metric(family.name, family.documentation, family.type, family.unit)
            copy.samples = list(family.samples)
            out[family.name] = copy
        else:
            have.samples.extend(family.samples)
    return list(out.values())
