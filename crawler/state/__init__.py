"""What earlier runs saw: the state store, incremental crawling, and the run history."""
