ticket close INC-000001
