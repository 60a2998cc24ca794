"""DR drills against a running demo: real faults, the alerts they must fire at which receiver, and a report."""
