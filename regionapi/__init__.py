"""The project's generic machinery (regionapi.core), below every app, with its translations and template overrides.
The configuration that wires the apps together is the `config` package."""
