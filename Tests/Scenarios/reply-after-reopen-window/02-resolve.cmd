ticket resolve INC-000001
