"""Everything that talks to AWS. Imports no textual; returns `lambdatui.core.model` objects."""
