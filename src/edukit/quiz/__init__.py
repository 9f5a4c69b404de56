"""Question banks: the question model, the bank loader, grading, draws and exporters."""
