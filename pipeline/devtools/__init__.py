"""Developer tools: the evaluator against gold answers (`xxgk eval`) and the synthetic corpus."""
