"""Actieplan-assistent: answers Dutch questions about the VITO Kennispunt Water action plan."""
