"""Where a plan file is: network drives, on which SQLite's file locking cannot be trusted."""

from __future__ import annotations

import sys
from pathlib import Path

NETWORK_FILESYSTEMS = {"nfs", "nfs4", "cifs", "smb", "smb2", "smb3", "smbfs", "sshfs",
                       "fuse.sshfs", "afs", "9p", "davfs", "fuse.davfs2", "glusterfs", "ceph"}


def _windows_network(path: Path) -> bool:
    return _windows_path_is_network(str(path.resolve()))


def _windows_path_is_network(text: str) -> bool:
    """A UNC path (\\\\server\\share) or a path on a mapped network drive."""
    if text.startswith("\\\\"):
        return True
    import psutil

    # A mapped network drive is listed with 'remote' among its options ("Z:\\", "rw,remote").
    root = text[:3].casefold()
    return any(part.mountpoint.casefold() == root and "remote" in part.opts.split(",")
               for part in psutil.disk_partitions(all=True))


def _mount_type(path: Path, mounts_text: str) -> str | None:
    target = str(path.resolve())
    best, best_type = "", None
    for line in mounts_text.splitlines():
        parts = line.split()
        if len(parts) < 3:
            continue
        mount_point = parts[1].replace("\\040", " ")
        if (target == mount_point or target.startswith(mount_point.rstrip("/") + "/")) \
                and len(mount_point) >= len(best):
            best, best_type = mount_point, parts[2]
    return best_type


def is_network_path(path: Path, mounts_text: str | None = None) -> bool:
    """True when the file is on a network drive (Windows shares, NFS, SMB, SSHFS ...)."""
    try:
        if sys.platform == "win32":
            return _windows_network(path)
        if mounts_text is None:
            mounts = Path("/proc/mounts")
            if not mounts.exists():
                return False
            mounts_text = mounts.read_text(encoding="utf-8", errors="replace")
        return (_mount_type(path, mounts_text) or "") in NETWORK_FILESYSTEMS
    except OSError:
        return False
