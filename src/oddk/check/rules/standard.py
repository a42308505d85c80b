"""A standard: when the file is checked against a Frictionless Table Schema (the GeoFA
facility points, or any schema file), every value that breaks it, by column and rule
(`oddk.check.schema.SchemaCheck`).

    >>> Standard.codes
    ('schema-violation', 'schema-optional-columns')
"""

from __future__ import annotations

from oddk.check.rules import Rule


class Standard(Rule):
    name = "standard"
    codes = ("schema-violation", "schema-optional-columns")

    def __init__(self, ctx):
        super().__init__(ctx)
        self.check = None
        if ctx.schema and ctx.report is not None:
            from oddk.check.schema import SchemaCheck

            self.check = SchemaCheck(ctx.schema, ctx.report.column_names)

    def column(self, name, cells, profile, row0):
        if self.check is not None:  # each field on its own, in its column's worker thread
            self.check.update({name: cells}, row0)

    def end(self):
        if self.check is None:
            return []
        self.found = self.check.findings(self.say, self.ctx.standard_name, self.ctx.hidden)
        self.ctx.conforms = not self.found
        return self.found

    def good(self):
        if self.check is not None and not self.found:
            return [("standard_ok", {"standard": self.ctx.standard_name})]
        return []
