"""Reads of the development context, one module per sub-domain (competencies, training, plans, awards); each starts
from what the actor may see (tenant first, then scope)."""
