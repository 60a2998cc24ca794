"""SLOs and error budgets: specs (spec), pure maths (budget), rules and alerts, and the report (I/O)."""
