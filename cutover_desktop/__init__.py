"""cutover-desktop: an offline planner for a GP practice's clinical system migration."""

APP_NAME = "cutover-desktop"
APP_DISPLAY_NAME = "Cutover Desktop"
APP_ORG = "cutover-desktop"
__version__ = "0.1.0"
