#!/usr/bin/env python3
"""Jiedu command line: build the site, import raw reports, preview, check."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from jiedu.errors import JieduError

REPO = Path(__file__).resolve().parent


def cmd_build(args: argparse.Namespace) -> int:
    from jiedu.memo import BUILD_STAMP, input_files, inputs_fingerprint, inputs_stat_fingerprint

    started = time.perf_counter()
    out = Path(args.out) if args.out else args.root / "site"
    stamp_file = out / BUILD_STAMP
    previous = stamp_file.read_text(encoding="utf-8").split() if stamp_file.is_file() else []
    files = input_files(args.root)  # listed once for both fingerprints
    stats = inputs_stat_fingerprint(files, args.base_url)
    if not args.force and previous[:1] == [stats]:
        return _nothing_changed(out, started)
    contents = inputs_fingerprint(files, args.base_url)
    if not args.force and previous[1:2] == [contents]:  # files were touched, not changed
        stamp_file.write_text(f"{stats}\n{contents}\n", encoding="utf-8")
        return _nothing_changed(out, started)
    # Heavy imports only when there is something to build.
    from jiedu.progress import Progress

    progress = Progress()
    with progress.stage("start"):
        from jiedu.cache import CACHE_DIR, BuildCache, code_version
        from jiedu.write import SiteWriter

    cache = None if args.no_cache else BuildCache(args.root / CACHE_DIR, code_version())
    with SiteWriter(out, cache) as writer:
        if not (cache and not args.force and _site_from_cache(cache, contents, writer, progress)):
            if _build(args, writer, cache, progress):  # it imported seeds: new inputs
                files = input_files(args.root)
                stats = inputs_stat_fingerprint(files, args.base_url)
                contents = inputs_fingerprint(files, args.base_url)
            if cache is not None:
                cache.put_digests(f"site {contents}", writer.digests)
        # The stamp is this folder's own (it holds inode numbers): never a cache object.
        writer.add(BUILD_STAMP, f"{stats}\n{contents}\n".encode(), cached=False)
        with progress.stage("write"):
            writer.commit()
            if cache is not None:
                cache.prune()
    pages = sum(1 for path in writer.paths() if path.endswith(".html"))
    seconds = time.perf_counter() - started
    files = len(writer.paths())
    print(f"Built {pages} pages ({files} files) into {out} in {seconds:.2f} s.")
    print(f"  {progress.summary()}")
    return 0


def _site_from_cache(cache, contents: str, writer, progress) -> bool:
    """The whole site as a build of these very inputs wrote it, if the cache has it all."""
    with progress.stage("from cache"):
        stored = cache.get_digests(f"site {contents}")
        if stored and all(writer.add_object(p, digest) for p, digest in sorted(stored.items())):
            return True
        writer.clear()  # an object is missing or damaged: build it all
        return False


def _build(args, writer, cache, progress) -> bool:
    """Build the site into writer; returns whether new seeds were imported (changing
    content/ and glossary.yml)."""
    with progress.stage("start"):
        from jiedu.project import load_project_importing_new_seeds
        from jiedu.site import build_site
        from jiedu.theme import outdated_copy_note
    with progress.stage("load"):
        # Each body is read where it is rendered: this process never holds them all.
        project, imported = load_project_importing_new_seeds(
            args.root, args.base_url, keep_bodies=False
        )
    for line in imported:
        print(line)
    for warning in project.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    for name in project.outdated_copies:
        print(outdated_copy_note(args.root, name), file=sys.stderr)
    build_site(project, writer, progress=progress, cache=cache)
    return bool(imported)


def _nothing_changed(out: Path, started: float) -> int:
    seconds = time.perf_counter() - started
    print(f"Nothing changed since the last build of {out} ({seconds:.2f} s).")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from jiedu.check import check_site
    from jiedu.project import load_project

    project = load_project(args.root, base_url=args.base_url)  # validates content and settings
    site_dir = Path(args.site) if args.site else args.root / "site"
    if not (site_dir / "index.html").is_file():
        raise JieduError(site_dir, "no built site here: run 'python build.py build' first")
    # A glossary entry citing a missing report builds, but is not ready to publish.
    problems = [*project.warnings, *check_site(site_dir, project.config.base_path)]
    for problem in problems:
        print(problem)
    pages = sum(1 for _ in site_dir.rglob("*.html"))
    if problems:
        print(f"{len(problems)} problems in {pages} pages of {site_dir}.", file=sys.stderr)
        return 1
    print(f"Checked {pages} pages of {site_dir}: no problems.")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from jiedu.config import ProjectPaths, load_config
    from jiedu.preview_build import SiteBuilder
    from jiedu.serve import Preview, serve

    paths = ProjectPaths(args.root)
    try:
        base_path = load_config(paths.config, args.base_url).base_path
    except JieduError:
        base_path = "/"  # the first build shows the settings error in the browser
    builder = SiteBuilder(args.root, base_url=args.base_url, with_search=False, editor_pages=True)
    watched = [
        paths.content,
        paths.seeds,
        *paths.template_folders,
        *paths.static_folders,
        paths.glossary,
        paths.config,
    ]
    on_request = {"search/": builder.search_files, "gaps/": builder.gap_files}
    preview = Preview(builder.build, base_path, build_on_request=on_request)
    serve(preview, watched, args.host, args.port)
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from jiedu.config import ProjectPaths
    from jiedu.importer.project import import_seeds

    paths = ProjectPaths(args.root)
    seeds = [Path(f) for f in args.files] or sorted(
        p for p in paths.seeds.glob("*") if p.is_file() and not p.name.startswith(".")
    )
    if not seeds:
        raise JieduError(paths.seeds, "no seed files to import")
    report = import_seeds(paths, seeds, force=args.force, echo=_print_import_line)
    print(
        f"Imported {len(seeds) - len(report.failures)} of {len(seeds)} seed(s); "
        f"{report.written} content file(s) written."
    )
    return 1 if report.failures else 0


def cmd_new(args: argparse.Namespace) -> int:
    from jiedu.scaffold import new_project

    target = Path(args.dir)
    made = new_project(target, REPO)
    print(f"Made a new project in {target}:")
    for line in made.made:
        print(f"  {line}")
    script = Path(sys.argv[0]) if sys.argv[0].endswith("build.py") else REPO / "build.py"
    print("Next steps:")
    print(f"  1. put raw report texts in {target / 'seeds'}/ (and edit {target / 'site.yml'})")
    print(f"  2. python {script} --root {target} build   (imports them, builds {target / 'site'}/)")
    print(f"  3. python {script} --root {target} serve   (preview at http://127.0.0.1:8000)")
    return 0


def cmd_gaps(args: argparse.Namespace) -> int:
    from jiedu.gaps.cli import run_gaps

    options = {"json": args.json, "limit": args.limit, "report": args.report, "stub": args.stub}
    print(run_gaps(args.root, **options))
    return 0


def _print_import_line(line: str) -> None:
    print(line, file=sys.stderr if line.startswith("error:") else sys.stdout, flush=True)


COMMANDS = ("build", "import", "check", "serve", "new", "gaps")


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="build.py",
        description="Jiedu: turn government work reports into annotated web pages.",
    )
    parser.add_argument(
        "--root", type=Path, default=REPO, help="project folder (default: the one build.py is in)"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    build = commands.add_parser("build", help="build the site into site/ (the default command)")
    build.add_argument("--out", help="output folder (default: site/)")
    build.add_argument("--base-url", help="URL the site is served from, overriding site.yml")
    build.add_argument("--force", action="store_true", help="rebuild even if nothing changed")
    build.add_argument(
        "--no-cache",
        action="store_true",
        help="neither read nor write the build cache (.jiedu-cache/)",
    )
    build.set_defaults(run=cmd_build)

    importer = commands.add_parser(
        "import", help="turn raw report texts (seeds/*.txt) into content/*.md"
    )
    importer.add_argument("files", nargs="*", help="seed files (default: every file in seeds/)")
    importer.add_argument(
        "--force",
        action="store_true",
        help="overwrite content files edited by hand (each is first saved as .md.bak)",
    )
    importer.set_defaults(run=cmd_import)

    check = commands.add_parser(
        "check", help="validate content, then check the built site's links, anchors and HTML"
    )
    check.add_argument("--site", help="built site (default: site/)")
    check.add_argument("--base-url", help="URL the site was built for, overriding site.yml")
    check.set_defaults(run=cmd_check)

    preview = commands.add_parser(
        "serve", help="preview the site with live reload at http://127.0.0.1:8000"
    )
    preview.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default: 127.0.0.1, this machine only)",
    )
    preview.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    preview.add_argument("--base-url", help="URL the site is served from, overriding site.yml")
    preview.set_defaults(run=cmd_serve)

    new = commands.add_parser(
        "new", help="make a new project in DIR: settings, a starter glossary, empty content/"
    )
    new.add_argument("dir", metavar="DIR", help="folder for the project (absent or empty)")
    new.set_defaults(run=cmd_new)

    gaps = commands.add_parser(
        "gaps", help="list the jargon of content/ that no glossary entry defines yet, best first"
    )
    gaps.add_argument("--json", action="store_true", help="print one JSON array")
    gaps.add_argument("--limit", type=int, metavar="N", help="show the first N candidates")
    gaps.add_argument("--report", metavar="NAME", help="only the candidates of this report")
    gaps.add_argument(
        "--stub", metavar="TERM", help="append a commented skeleton entry for TERM to glossary.yml"
    )
    gaps.set_defaults(run=cmd_gaps)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = make_parser()
    argv = sys.argv[1:] if argv is None else argv
    if not any(arg in COMMANDS or arg in ("-h", "--help") for arg in argv):
        at = 2 if argv[:1] == ["--root"] else 0
        argv = [*argv[:at], "build", *argv[at:]]  # no command: build
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except JieduError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
