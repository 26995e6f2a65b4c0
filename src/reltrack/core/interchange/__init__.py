"""File formats in and out: CSV and JSON rows, the JSON dump, vCard, iCalendar."""
