ticket set INC-000001 --kind request --json
