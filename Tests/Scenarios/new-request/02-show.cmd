ticket show REQ-000001 --json
