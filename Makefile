# Shortcuts; the scripts are the real thing.
.PHONY: run test bench bench-parse bench-intake

run:
	scripts/run.sh

test:
	scripts/test.sh

bench: bench-parse bench-intake

bench-parse:
	scripts/bench-parse.sh

bench-intake:
	scripts/bench-intake.sh
