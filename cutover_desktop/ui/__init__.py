"""The window: widgets, item models and dialogs. Talks to services only, never to storage."""
