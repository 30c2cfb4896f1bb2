ticket show INC-000002 --json
