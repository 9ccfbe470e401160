"""A throwaway copy of the demo for a benchmark: a temporary folder with its own SQLite
file and settings module (the base settings plus `extra`), migrated and filled by
`load_initial_data`, and django set up against it in this process."""

import os
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MANAGE = [sys.executable, str(ROOT / "manage.py")]
SETTINGS = """
import os
from site_settings.settings.base import *  # noqa
DEBUG = False
SECRET_KEY = "bench-only-insecure-key-0123456789-abcdefghijklmnopqrstuvwxyz"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
Q_CLUSTER = {**Q_CLUSTER, "workers": int(os.environ["BENCH_WORKERS"]), "poll": 0.05}
"""


def throwaway_demo(prefix, extra="", workers=1, load_args=(), **env):
    """The folder of a fresh demo copy; `env` are more environment variables."""
    var_dir = Path(tempfile.mkdtemp(prefix=prefix))
    settings = textwrap.dedent(SETTINGS) + textwrap.dedent(extra)
    (var_dir / "bench_settings.py").write_text(settings)
    os.environ.update(
        DJANGO_SETTINGS_MODULE="bench_settings",
        PYTHONPATH=f"{var_dir}{os.pathsep}{ROOT}",
        DATABASE_URL=f"sqlite:///{var_dir / 'bench.sqlite3'}",
        PBCERT_VAR_DIR=str(var_dir),
        BENCH_WORKERS=str(workers),
        **{key: str(value) for key, value in env.items()},
    )
    sys.path[:0] = [str(var_dir), str(ROOT)]
    print(f"Preparing the demo in {var_dir} …", flush=True)
    subprocess.run(MANAGE + ["migrate", "-v0"], check=True, cwd=ROOT)
    command = MANAGE + ["load_initial_data", *load_args]
    subprocess.run(command, check=True, cwd=ROOT, capture_output=True)

    import django

    django.setup()
    return var_dir
