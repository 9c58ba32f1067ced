"""The subcommands of python -m srrp, which srrp/cli.py ties together."""
