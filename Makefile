# Shortcuts; the scripts are the real thing.
.PHONY: run test bench bench-parse bench-intake bench-tickets bench-smtp bench-kb

run:
	scripts/run.sh

test:
	scripts/test.sh

bench: bench-parse bench-intake bench-tickets bench-smtp bench-kb

bench-parse:
	scripts/bench-parse.sh

bench-intake:
	scripts/bench-intake.sh

bench-tickets:
	scripts/bench-tickets.sh

bench-smtp:
	scripts/bench-smtp.sh

bench-kb:
	scripts/bench-kb.sh
