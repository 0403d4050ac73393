#!/usr/bin/env python3
"""Jiedu command line: build the site, import raw reports, preview, check."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from jiedu.errors import JieduError

ROOT = Path(__file__).resolve().parent


def cmd_build(args: argparse.Namespace) -> int:
    from jiedu.site import build_files, load_project
    from jiedu.write import write_site

    started = time.perf_counter()
    project = load_project(ROOT, base_url=args.base_url)
    files = build_files(project)
    write_site(files, Path(args.out))
    pages = sum(1 for path in files if path.endswith(".html"))
    seconds = time.perf_counter() - started
    print(f"Built {pages} pages ({len(files)} files) into {args.out} in {seconds:.2f} s.")
    return 0


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="build.py",
        description="Jiedu: turn government work reports into annotated web pages.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    build = commands.add_parser("build", help="build the site into site/ (the default command)")
    build.add_argument("--out", default=str(ROOT / "site"), help="output folder (default: site/)")
    build.add_argument("--base-url", help="URL the site is served from, overriding site.yml")
    build.set_defaults(run=cmd_build)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = make_parser()
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0].startswith("-") and argv[0] not in ("-h", "--help"):
        argv = ["build", *argv]
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except JieduError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
