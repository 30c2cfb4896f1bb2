ticket resolve INC-000001 --note "Repaired the Office installation"
