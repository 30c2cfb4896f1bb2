ticket show INC-000001 --json
