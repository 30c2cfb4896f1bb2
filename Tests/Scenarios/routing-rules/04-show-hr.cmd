ticket show REQ-000002 --json
