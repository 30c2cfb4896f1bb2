# Shortcuts; the scripts are the real thing.
.PHONY: run test bench bench-parse

run:
	scripts/run.sh

test:
	scripts/test.sh

bench: bench-parse

bench-parse:
	scripts/bench-parse.sh
