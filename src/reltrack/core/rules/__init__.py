"""Pure rules: dates, names, cadence, scoring and periods. No database, no clock: values in, values out."""
