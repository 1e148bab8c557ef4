"""Facts, classification and time parsing for message texts."""
