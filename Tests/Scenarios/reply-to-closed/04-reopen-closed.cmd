ticket reopen INC-000001
