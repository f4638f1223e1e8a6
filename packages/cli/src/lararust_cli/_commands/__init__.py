"""cli's own commands, announced like every other by ``lararust.commands`` entry points."""
