"""Flow graphs: the data model and the builder from live function objects."""
