"""Language-model backends, the mini word-level model, prompt analysis and the personal-data guard."""
