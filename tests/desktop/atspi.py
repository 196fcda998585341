#!/usr/bin/python3
"""Reads what a screen reader reads, for the desktop tests (Debian's python3-pyatspi).

  atspi.py tree APP            every accessible of application APP, one JSON object a line:
                               depth, role, name, description, states, and value/min/max where
                               the object has a value
  atspi.py press FRAME BUTTON  presses the push button named BUTTON in the window (frame) named
                               FRAME of application `unhunch`, with its accessible action, as a
                               screen reader's "activate" does
  atspi.py listen SECONDS      the announcements (live regions) made in SECONDS, one JSON object
                               a line: at (seconds from the start), text

The session bus and the accessibility bus come from the environment, as for any AT-SPI client.
"""
import json
import sys
import time

import pyatspi


def node(acc, depth):
    out = {
        "depth": depth,
        "role": acc.getRoleName(),
        "name": acc.name or "",
        "description": acc.description or "",
        "states": sorted(pyatspi.stateToString(s) for s in acc.getState().getStates()),
    }
    try:
        value = acc.queryValue()
        out.update(value=value.currentValue, min=value.minimumValue, max=value.maximumValue)
    except NotImplementedError:
        pass
    return out


def walk(acc, depth=0):
    yield node(acc, depth)
    for i in range(acc.childCount):
        child = acc.getChildAtIndex(i)
        if child is not None:
            yield from walk(child, depth + 1)


def tree(app_name):
    desktop = pyatspi.Registry.getDesktop(0)
    for i in range(desktop.childCount):
        app = desktop.getChildAtIndex(i)
        if app is not None and app.name == app_name:
            for n in walk(app):
                print(json.dumps(n), flush=True)
            return 0
    names = [desktop.getChildAtIndex(i).name for i in range(desktop.childCount)]
    print(f"no application named {app_name!r} (there are {names})", file=sys.stderr)
    return 1


def press(frame_name, button_name):
    desktop = pyatspi.Registry.getDesktop(0)
    for i in range(desktop.childCount):
        app = desktop.getChildAtIndex(i)
        if app is None or app.name != "unhunch":
            continue
        for j in range(app.childCount):
            frame = app.getChildAtIndex(j)
            if frame is None or frame.name != frame_name:
                continue
            for acc in walk_objects(frame):
                if acc.getRoleName() == "push button" and acc.name == button_name:
                    action = acc.queryAction()
                    names = [action.getName(k) for k in range(action.nActions)]
                    index = names.index("click") if "click" in names else 0
                    print(json.dumps({"pressed": button_name, "actions": names}), flush=True)
                    return 0 if action.doAction(index) else 1
    print(f"no button {button_name!r} in a window {frame_name!r} of unhunch", file=sys.stderr)
    return 1


def walk_objects(acc):
    yield acc
    for i in range(acc.childCount):
        child = acc.getChildAtIndex(i)
        if child is not None:
            yield from walk_objects(child)


def listen(seconds):
    start = time.monotonic()

    def heard(event):
        text = event.any_data if isinstance(event.any_data, str) else str(event.any_data)
        print(json.dumps({"at": round(time.monotonic() - start, 2), "text": text}), flush=True)

    def stop():
        pyatspi.Registry.stop()
        return False

    from gi.repository import GLib

    pyatspi.Registry.registerEventListener(heard, "object:announcement")
    GLib.timeout_add(int(seconds * 1000), stop)
    # Ready: the test starts what it wants heard once it reads this line.
    print(json.dumps({"listening": True}), flush=True)
    pyatspi.Registry.start()
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "tree":
        sys.exit(tree(sys.argv[2]))
    if len(sys.argv) == 4 and sys.argv[1] == "press":
        sys.exit(press(sys.argv[2], sys.argv[3]))
    if len(sys.argv) == 3 and sys.argv[1] == "listen":
        sys.exit(listen(float(sys.argv[2])))
    print(__doc__, file=sys.stderr)
    sys.exit(2)
