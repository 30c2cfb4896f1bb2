ticket pending INC-000001 --note "Asked for the error message" --json
