"""Child process for the crash test: makes numbered edits and reports each one once saved."""

from __future__ import annotations

import sys
from pathlib import Path

from cutover_desktop.domain.model import TaskStatus
from cutover_desktop.services.plan_files import open_plan


def main() -> None:
    path, first = Path(sys.argv[1]), int(sys.argv[2])
    service = open_plan(path, backup=False)
    assert not service.read_only, "the plan should not be locked"
    phase = service.details.phases[0]
    print("ready", flush=True)
    number = first
    while True:
        task = service.new_task(f"crash edit {number}", phase, offset=number % 50)
        service.add_task(task)
        # A second kind of write in between: a status change of an earlier task.
        service.set_status([task.id], TaskStatus.IN_PROGRESS)
        print(f"done {number}", flush=True)
        number += 1


if __name__ == "__main__":
    main()
