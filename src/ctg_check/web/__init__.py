"""`ctg-check serve`: the same checks in a browser page, built on the same api as the CLI.

Imported only by the `serve` command (Starlette, uvicorn and Jinja2 are the `serve` extra), so
`ctg-check --help` never loads a web framework.
"""
