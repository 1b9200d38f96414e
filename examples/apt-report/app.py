"""Prints a report of the checks listed in checks.yaml (PyYAML from Debian)."""

import yaml


def main():
    with open("checks.yaml", encoding="utf-8") as f:
        checks = yaml.safe_load(f)["checks"]
    for check in checks:
        print(f"{check['name']}: {check.get('threshold', 'n/a')}")


if __name__ == "__main__":
    main()
