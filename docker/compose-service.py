#!/usr/bin/python3
"""Reads docker-compose.yml as Compose would, for docker/build-and-check's compose stage.

No container runtime can run here (OCI runtimes cannot set rlimits on these machines), so
`docker compose up` is out of reach; build-and-check runs the service's image itself with what
this script reads out of the compose file, so that the file's own settings are what get tested:

  compose-service.py check FILE
      fails unless every service names an image with an exact tag (no `latest`, no bare name) or
      a build, and every `depends_on` names a service of the file
  compose-service.py env FILE SERVICE
      the service's environment after Compose's interpolation from this process's environment,
      one NAME=VALUE per line; a `${NAME:?message}` that is unset fails with its message
  compose-service.py get FILE SERVICE KEY
      one plain value of the service (e.g. mem_limit), empty when it is not set
  compose-service.py images FILE
      the pinned images of the other services, one per line

Interpolation follows the Compose specification: $$ is a literal $, ${NAME}, $NAME,
${NAME:-default} (unset or empty), ${NAME-default} (unset), ${NAME:?message} (unset or empty
fails), ${NAME?message} (unset fails).
"""
import os
import re
import sys

import yaml

PATTERN = re.compile(
    r"\$(?:(?P<escaped>\$)|\{(?P<braced>[A-Za-z_][A-Za-z0-9_]*)(?:(?P<op>:?[-?])(?P<arg>[^}]*))?\}"
    r"|(?P<plain>[A-Za-z_][A-Za-z0-9_]*))")


class Unset(Exception):
    pass


def interpolate(value):
    def replace(match):
        if match.group("escaped"):
            return "$"
        name = match.group("braced") or match.group("plain")
        op, arg = match.group("op"), match.group("arg")
        current = os.environ.get(name)
        missing = current is None or (op is not None and op.startswith(":") and current == "")
        if op in ("-", ":-"):
            return arg if missing else current
        if op in ("?", ":?"):
            if missing:
                raise Unset(f"{name}: {arg or 'required'}")
            return current
        return current or ""

    return PATTERN.sub(replace, value)


def load(path):
    with open(path, encoding="utf-8") as file:
        document = yaml.safe_load(file)
    services = document.get("services") or {}
    if not services:
        sys.exit(f"{path}: no services")
    return services


def service(services, name):
    if name not in services:
        sys.exit(f"no service {name!r} (there are {', '.join(services)})")
    return services[name]


def check(services, path):
    problems = []
    for name, definition in services.items():
        image = definition.get("image")
        if image is None and "build" not in definition:
            problems.append(f"{name}: neither image nor build")
        if image is not None:
            reference = image.rsplit("/", 1)[-1]
            if "@sha256:" not in image and (":" not in reference or reference.endswith(":latest")):
                problems.append(f"{name}: image {image} is not pinned to an exact version")
        depends = definition.get("depends_on") or {}
        for dependency in depends:
            if dependency not in services:
                problems.append(f"{name}: depends on {dependency}, which is not a service of the file")
    if problems:
        sys.exit(f"{path}: " + "; ".join(problems))


def main(argv):
    if len(argv) < 3:
        sys.exit(__doc__)
    command, path = argv[1], argv[2]
    services = load(path)
    try:
        if command == "check":
            check(services, path)
        elif command == "images":
            for definition in services.values():
                if definition.get("image"):
                    print(definition["image"])
        elif command == "env":
            environment = service(services, argv[3]).get("environment") or {}
            if isinstance(environment, list):
                environment = dict(item.split("=", 1) if "=" in item else (item, os.environ.get(item, ""))
                                   for item in environment)
            lines = []
            for key, value in environment.items():
                value = "" if value is None else interpolate(str(value))
                if "\n" in value:
                    sys.exit(f"{key}: a value with a line break is not supported here")
                lines.append(f"{key}={value}")
            # Nothing is printed unless the whole environment could be read.
            print("\n".join(lines))
        elif command == "get":
            value = service(services, argv[3]).get(argv[4])
            print("" if value is None else interpolate(str(value)))
        else:
            sys.exit(f"unknown command {command}")
    except Unset as unset:
        sys.exit(f"{path}: {unset}")


if __name__ == "__main__":
    main(sys.argv)
