"""The learner's progress file: schema, import and export, merging, and trainer reports."""
