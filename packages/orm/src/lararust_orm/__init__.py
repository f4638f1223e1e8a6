"""An Eloquent-style async ORM: connections, query builder, schema, migrations, models."""

from .__about__ import __version__ as __version__

__all__ = ["__version__"]
