"""Page kernels forked from warm processes, so that a page's kernel starts with its imports done.

Under ``workbook serve`` every page's kernel is forked from one of two warm processes (fork
servers): one that has loaded what the computing pages need (numpy, pandas, the models,
their page modules) and one for the text pages. A kernel then starts without paying for
those imports, and shares their memory with its siblings until it writes to it. See
``_forkserver`` for the process and ``_provisioner`` for how Jupyter launches kernels there.
"""

from workbook.kernels._provisioner import (
    ForkingProvisioner,
    family_of,
    fork_servers_ready,
    start_fork_servers,
    stop_fork_servers,
)

__all__ = ["ForkingProvisioner", "family_of", "fork_servers_ready", "start_fork_servers", "stop_fork_servers"]
