"""Rules by topic; each module registers its rules with `validate.registry` when imported."""
