"""Count the students of a site that existed before the enrollment rollup."""

from xueji_app.services.roll import rollup


def execute() -> None:
	rollup.ensure_indexes()
	rollup.rebuild()
