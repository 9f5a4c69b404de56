"""The course model: course → modules → lessons → timed activities, with loaders and validation."""
