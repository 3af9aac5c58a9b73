"""Oversight output of `xxgk check`: findings per report, coverage, the HTML page."""
