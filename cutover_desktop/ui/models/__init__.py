"""Qt item models that adapt the plan's domain objects for views (import the submodules)."""
