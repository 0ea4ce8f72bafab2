"""``python -m territory.build``: rebuild ``geodata/units.geojson`` and ``places.geojson``."""

from territory.cli.geodata import build_command

if __name__ == "__main__":
    build_command(prog_name="python -m territory.build")
