"""oddk: helpers for the Open Data DK onboarding kit.

Only what the notebooks would otherwise copy and paste, and the kit's tools
(`oddk run`, the notebook harness). See README.md for the map of the kit.
"""

__version__ = "0.1.0"
