"""The exporter runtime shared by our exporters (replication, backup, sentinel).

How an exporter plugs in
------------------------
1. Subclass ``Target`` once per kind of thing you read (a database, a Sentinel,
   a backup repository); make one instance per target or source. Its name is
   the value of the exporter's target label. Implement::

       def collect(self, scrape: Scrape) -> None   # runs in a worker thread
       def interrupt(self) -> None                 # optional: unblock an overdue collect()
       def close(self) -> None                     # optional: release connections at shutdown
       def describe(self) -> str                   # optional: landing-page text (redacted!)

   Inside collect(), group queries into collectors::

       scrape.run("slots", lambda s: s.sample("x_slot_active", HELP, 1, {"slot": "a"}))
       scrape.target_sample("x_in_recovery", HELP, 0)   # adds {<target_label>: <name>}

   ``run`` keeps a collector's samples only if it finishes; an exception marks
   it failed (``<ns>_collector_success 0``) and the others still report,
   except exceptions of the Target's ``fatal`` class attribute (e.g. a lost
   connection), which escape and take the whole target down. Raising from
   collect() means ``<ns>_up 0``.
   Families with the same name from several targets are merged.
   ``PgConnection`` (exporters.runtime.postgres) is a ready reusable psycopg
   connection with timeouts and an ``interrupt()`` for hung servers.

2. Describe the exporter with a ``Plugin`` (exporters.runtime.cli)::

       PLUGIN = Plugin(
           spec=ExporterSpec(name="backup", namespace="jivs_backup", target_label="source",
                             default_port=9188, description="...",
                             scrape_duration=False, collector_success=False),
           add_flags=lambda parser: parser.add_argument("--pgbackrest.stanza"),
           targets=make_targets,     # (args, StackConfig | None, env, redactor) -> [Target]
           aggregate=None,           # optional: (name -> Scrape | None) -> extra families
           env_help="JIVS_BACKUP_DSN / JIVS_BACKUP_DSN_FILE: ...",
       )

   ``make_targets`` reads connection strings from ``env`` (use
   ``env_or_file(env, "JIVS_X_DSN")`` for the ``*_FILE`` variant), registers
   every password with ``redactor.add(...)`` / ``redactor.add_dsn(dsn)`` and
   raises ValueError with a clear message on bad input (exit code 2).

3. Put ``PLUGIN`` in ``exporters/<name>/__init__.py`` (or ``exporters/<name>.py``), add
   ``<name>`` to ``EXPORTERS`` in exporters/cli.py, and make ``python -m
   exporters.<name>`` work with a ``__main__`` that calls
   ``sys.exit(exporters.runtime.cli.main(PLUGIN))``.

What the runtime does
---------------------
- Flags (each also an env var ``<NAMESPACE>_<FLAG>``, e.g. JIVS_BACKUP_WEB_LISTEN_ADDRESS):
  ``--web.listen-address`` (default 127.0.0.1:<default_port>), ``--web.config.file``
  (exporter-toolkit format: tls_server_config, basic_auth_users with bcrypt hashes),
  ``--scrape.timeout`` (default 4s), ``--log.format`` logfmt|json, ``--log.level``,
  ``--config`` (stack.yaml; None is passed to the factory when the file is absent).
- Serves ``/metrics`` (a fresh private CollectorRegistry per request holding the
  scrape and process_* metrics; OpenMetrics when asked; gzip), ``/`` (landing page:
  targets, redacted descriptions, last state) and ``/healthz`` (no auth; liveness).
- Per scrape and target: ``<ns>_up{<label>}`` always; ``<ns>_scrape_duration_seconds{<label>}``
  and ``<ns>_collector_success{<label>,collector}`` unless switched off in the spec.
- Timeout: every target's collect() runs in its own thread; the scrape waits at most
  ``min(--scrape.timeout, X-Prometheus-Scrape-Timeout-Seconds - 0.25s)``. An overdue target
  reports up 0 and gets one ``interrupt()``. A target never has more than one collection in
  flight: concurrent scrapes join the running one, so a hung target costs one thread, not
  one per scrape; once its collect() returns, the next scrape starts afresh (recovery).
- Logs: one logfmt/JSON line per event on stderr, ``extra={"fields": {...}}`` for key=values;
  every line passes the Redactor (known secrets and DSN/URI passwords masked).
- SIGTERM/SIGINT: stop accepting, finish requests in progress, close targets, exit 0.
"""

from exporters.runtime.cli import Plugin, main
from exporters.runtime.exporter import Exporter, ExporterSpec
from exporters.runtime.secrets import Redactor, env_or_file, redact_dsn
from exporters.runtime.target import Scrape, Target

__all__ = ["Exporter", "ExporterSpec", "Plugin", "Redactor", "Scrape", "Target", "env_or_file", "main", "redact_dsn"]
