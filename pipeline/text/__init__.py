"""Text stage: sections and parts (`segment`), title/agency/year/dates (`meta`), the number grammar (`numbers`), text reuse."""
