"""``ik build``: every document of the process in one go, with predictable file names.

File names (``<ausgabe>`` is ``-o`` or ``ausgabe:`` of the process file)::

    <ausgabe>/index.html                         overview with links to everything below
    <ausgabe>/termine.ics                        all phases with a day, one calendar file
    <ausgabe>/<id>/                              one folder per event or online phase

    for an event <id>:
      <id>-einladung.pdf, <id>-einladung.html                  invitation (needs the day)
      <id>-einladung-<sprache>.pdf, .html                      the same in each further language
      <id>-einladung-mehrsprachig.pdf                          all languages in one PDF (combined)
      <id>-pressemitteilung-ankuendigung.docx, .md, .txt       announcement
      <id>-pressemitteilung-nachbericht.docx, .md, .txt        report (once the event is over
                                                               and results or attendance exist)
      <id>-teilnahmeliste.pdf                                  sign-in sheet
      <id>-qr-anmeldung.png, <id>-qr-anmeldung.svg             QR code of the registration link
      <id>-termin.ics                                          calendar entry (needs the day)

    for an online phase <id>:
      <id>-pressemitteilung-aufruf.docx, .md, .txt             call to take part
      <id>-qr.png, <id>-qr.svg                                 QR code of the link
      <id>-termin.ics                                          calendar entry (first to last day)

Milestones (Verschriftlichung, Gremien, Beschluss) get no folder; they are in
``termine.ics`` once their day is known. A document that cannot be made yet
(no day, no link) is listed on the index page with the reason. With
``phase_id`` only that phase's folder is made. Running the build again rewrites
only what changed; everything else is reported as unchanged.

Skipping unchanged documents: every document is stamped (``output.Writer.keep_stamps``, the
manifest ``<ausgabe>/.ik-stand.json``) with a fingerprint of what it is made from, and a
document whose files are still as ik wrote them from the same inputs is not made again:

* all documents: ik's version and code, the templates (built-in and the user's), the
  translations, the versions of the rendering libraries, the logo, the options (date of the
  texts, languages, ``--combined``) and the process data outside ``phasen:``;
* a phase's documents: that phase's data;
* texts that recall other phases (invitation, letter, press releases): the timeline of all
  phases (:data:`OWN_ONLY` lists the fields only the phase's own documents show; a test
  checks that changing them leaves the other phases' texts alike);
* press releases: the participant counts of all events (the figures the text recalls);
* sign-up sheets: the registrations of that event in the tracker.

The overview page (:func:`index_inputs`: what it lists) and calendar files are stamped too;
the public page ``seite/`` as a whole (:func:`integrakonzept.site.page.site_inputs`).
``renew`` makes everything again.

On more than one core the PDFs (invitations, sign-up sheets) are laid out in forked
workers (:mod:`integrakonzept.render.pool`): every step first announces the PDFs it will
need, then the steps run in order in this process, which writes every file and takes each
PDF from the workers when it gets there. Files, report and stamps are those of a serial
build (tests/documents/test_kit_parallel.py).
"""

from __future__ import annotations

import contextlib
import functools
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from integrakonzept.documents.common import deadline_warnings, find_phase, output_dir
from integrakonzept.documents.invitation import Invitation
from integrakonzept.documents.press import PressFormat
from integrakonzept.output import Writer, fingerprint
from integrakonzept.process.model import AnyPhase, EventPhase, OnlinePhase, Process
from integrakonzept.process.placeholders import Placeholder, process_placeholders

if TYPE_CHECKING:
    from integrakonzept.people.roster import Roster
    from integrakonzept.render.pool import RenderPool
    from integrakonzept.results.participation import Participation

ProgressCallback = Callable[[int, int, str], None]
KIT_PRESS_FORMATS: tuple[PressFormat, ...] = ("docx", "md", "txt")


@dataclass(frozen=True)
class KitFile:
    """One file of the kit: which phase, what it is (catalogue key), where it is."""

    phase_id: str | None
    label: str
    path: Path


@dataclass(frozen=True)
class Skipped:
    phase_id: str
    label: str
    reason: str


@dataclass
class KitResult:
    files: list[KitFile] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    #: the invitation PDFs of this build (path -> bytes), for the public page's downloads
    invitations: dict[Path, bytes] = field(default_factory=dict)
    #: keys still holding a placeholder of ``ik new-process`` (documents left out for them)
    placeholders: list[Placeholder] = field(default_factory=list)
    #: warnings for the screen (German), once per phase: e.g. a stale report
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Step:
    description: str
    run: Callable[[], None]
    #: announces the PDFs ``run`` will need (before any step runs), so that they are
    #: rendered on the other cores meanwhile (see :mod:`integrakonzept.render.pool`)
    plan: Callable[[], None] | None = None


def _kit_phases(process: Process, phase_id: str | None) -> list[EventPhase | OnlinePhase]:
    if phase_id is not None:
        phase = find_phase(process, phase_id)
        if not isinstance(phase, EventPhase | OnlinePhase):
            from integrakonzept.errors import UsageError

            raise UsageError(
                f"Für die Phase „{phase_id}“ ({phase.kind_label}) gibt es keine Unterlagen.",
                "ik build --phase erwartet eine Veranstaltung oder eine Online-Phase.",
            )
        return [phase]
    return [p for p in process.phases if isinstance(p, EventPhase | OnlinePhase)]


#: phase fields that only the phase's own documents show: changing them leaves the texts of
#: the other phases alike (tests/documents/test_kit_stamps.py checks this for every field)
OWN_ONLY = frozenset(
    {
        "description",
        "quotes",
        "programme",
        "guiding_questions",
        "working_groups",
        "registration",
        "interpreting",
        "childcare",
        "venue",
        "doors",
        "capacity",
        "free_of_charge",
    }
)
#: libraries whose output ends up in the files (a new version may change them)
_RENDERERS = (
    "weasyprint",
    "pydyf",
    "python-docx",
    "qrcode",
    "pillow",
    "jinja2",
    "babel",
    "icalendar",
)


def _folder_digest(*folders: Path | None) -> list[tuple[str, int, int]]:
    """Name, size and modification time of every file in ``folders`` and their subfolders
    (cheap: no reading; ``__pycache__`` and symlinked folders left out), sorted by path."""
    found: list[tuple[str, int, int]] = []
    for folder in folders:
        if folder is None or not folder.is_dir():
            continue
        files: list[tuple[str, int, int]] = []
        pending = [str(folder)]
        while pending:
            parent = pending.pop()
            with os.scandir(parent) as entries:
                for entry in entries:
                    if entry.name == "__pycache__":
                        continue
                    path = entry.name if parent == "." else entry.path
                    if entry.is_dir() and not entry.is_symlink():
                        pending.append(path)
                    elif entry.is_file():
                        info = entry.stat()
                        files.append((path, info.st_size, info.st_mtime_ns))
        found += sorted(files, key=lambda item: item[0].split("/"))
    return found


def _file_digest(path: Path | None) -> str | None:
    import hashlib

    if path is None or not path.is_file():
        return None
    return hashlib.sha256(path.read_bytes()).hexdigest()


@functools.cache
def _versions() -> dict[str, str]:
    """The installed versions of the rendering libraries (once per run: the code this
    process renders with does not change while it runs)."""
    from importlib.metadata import PackageNotFoundError, version

    found = {}
    for name in _RENDERERS:
        with contextlib.suppress(PackageNotFoundError):
            found[name] = version(name)
    return found


def kit_inputs(
    process: Process,
    *,
    templates: Path | None,
    release_date: date,
    combined: bool,
    languages: list[str],
) -> str:
    """The fingerprint of what every document of the kit is made from (see the module
    docstring): ik's code, templates, translations, renderers, logo, options, process data."""
    import integrakonzept
    from integrakonzept.render.catalogue import locales_dir
    from integrakonzept.render.templating import builtin_templates_dir

    return fingerprint(
        _folder_digest(Path(integrakonzept.__file__).parent, builtin_templates_dir(), templates),
        _folder_digest(locales_dir()),
        _versions(),
        _file_digest(process.logo),
        {"date": release_date, "combined": combined, "languages": languages},
        process.model_dump(mode="json", exclude={"phases"}),
    )


def _timeline(process: Process) -> list[dict[str, object]]:
    """What texts recall of every phase: all but the :data:`OWN_ONLY` fields."""
    return [p.model_dump(mode="json", exclude=set(OWN_ONLY)) for p in process.phases]


def _has_results(phase: AnyPhase) -> bool:
    results = phase.results
    return results is not None and (results.participants is not None or results.summary is not None)


def build_kit(
    process: Process,
    writer: Writer,
    *,
    output: Path | None = None,
    phase_id: str | None = None,
    release_date: date,
    now: datetime | None = None,
    templates: Path | None = None,
    on_step: ProgressCallback | None = None,
    roster: Roster | None = None,
    combined: bool = False,
    figures: Participation | None = None,
    renew: bool = False,
    refuse_placeholders: bool = False,
    workers: int | None = None,
    renders: RenderPool | None = None,
) -> KitResult:
    """Make every document (see the module docstring for the file names); return what was made.

    ``release_date`` dates the press releases; ``now`` stamps new calendar
    entries; ``on_step(done, total, description)`` reports progress; ``roster`` (the
    tracker, read once by the caller) prefills the sign-up sheets; ``figures`` (default:
    computed from the process and the roster) give every participant count.
    Invitations are made in every language of ``sprachen:`` that has a catalogue;
    ``combined`` adds one PDF with all of them. Documents whose inputs did not change since
    the last build are not made again (see the module docstring); ``renew`` makes all.
    ``refuse_placeholders``: while keys still
    hold a placeholder of ``ik new-process``, every document that goes out (invitations,
    letters, press releases, sign-up sheets, QR codes, calendar files) is left out
    (``result.skipped``, ``result.placeholders``) – it would carry „Vorname Nachname“ or a
    dead address; only the overview page is made, saying why.
    ``workers``: at most this many processes render PDFs besides this one (default: one
    per core; ``1`` renders everything here). The files, their order in the report and
    the stamps are the same either way: this process writes them all, step by step.
    ``renders``: a pool of the caller (who may have asked it for more, and closes it);
    it is started here, once the kit's PDFs are asked for (``workers`` is then unused).
    """
    from integrakonzept.documents.calendar import is_datable, write_calendar
    from integrakonzept.documents.invitation import (
        combined_pdf,
        invitation,
        invitation_languages,
        language_source,
    )
    from integrakonzept.documents.press import press_release, timing_warnings
    from integrakonzept.documents.qr import QrTarget, qr_png, qr_svg_file, qr_target
    from integrakonzept.documents.signup import signup_sheet
    from integrakonzept.render.languages import language, supported
    from integrakonzept.render.pdf import warm_up
    from integrakonzept.render.pool import RenderPool
    from integrakonzept.results.participation import participation

    figures = figures or participation(process, roster)
    root = output_dir(process, output)
    templates = templates or process.templates
    result = KitResult()
    codes = invitation_languages(process)
    unsupported = [code for code in process.languages if not supported(code)]
    made: dict[str, list[Invitation]] = {}
    sheet_stamps: dict[str, str] = {}
    steps: list[_Step] = []
    pool = renders if renders is not None else RenderPool(workers)
    writer.keep_stamps(root, renew=renew)
    common = kit_inputs(
        process,
        templates=templates,
        release_date=release_date,
        combined=combined,
        languages=codes,
    )
    timeline = fingerprint(_timeline(process))
    counts = fingerprint(
        [(f.phase_id, f.participants, f.participants_source) for f in figures.events],
        figures.titles,
    )
    if refuse_placeholders:
        result.placeholders = process_placeholders(process)
    if not result.placeholders:
        result.warnings += deadline_warnings(process, release_date, phase_id)

    def outward(phase_id: str, label: str, step: _Step) -> None:
        """A document that goes out (invitation, letter, press release, sign-up sheet, QR
        code, calendar entry – they carry the contact and the links): left out while
        placeholders remain."""
        if result.placeholders:
            result.skipped.append(Skipped(phase_id, label, "kit_placeholders"))
        else:
            steps.append(step)

    def inputs(phase: AnyPhase, *more: object) -> str:
        return fingerprint(common, phase.model_dump(mode="json"), *more)

    def add(
        phase_id: str | None, label: str, path: Path, data: str | bytes, stamp: str | None = None
    ) -> None:
        writer.write(path, data, inputs=stamp)
        result.files.append(KitFile(phase_id, label, path))

    def current(phase_id: str, label: str, paths: list[Path], stamp: str) -> bool:
        """Whether the files are as the last build made them from the same inputs (then
        they are listed as made, and nothing is rendered)."""
        if not writer.current(paths, stamp):
            return False
        result.files.extend(KitFile(phase_id, label, path) for path in paths)
        return True

    def with_pdf(inv: Invitation) -> tuple[Invitation, bytes]:
        return inv, inv.pdf()

    def invitation_in(event_id: str, code: str) -> Invitation:
        """The invitation to ``event_id`` in language ``code`` as every kit step makes it."""
        return invitation(
            process,
            event_id,
            templates=templates,
            lang=code,
            languages=codes,
            source=language_source(None, code),
            today=release_date,
        )

    for phase in _kit_phases(process, phase_id):
        folder = root / phase.id
        if isinstance(phase, EventPhase):
            ev: EventPhase = phase
            if ev.date.is_exact:
                text_inputs = inputs(ev, timeline)
                for code in codes:

                    def invitation_paths(ev: EventPhase = ev, folder: Path = folder,
                                         code: str = code) -> list[Path]:  # fmt: skip
                        stem = f"{ev.id}-einladung{language(code).file_suffix}"
                        return [folder / f"{stem}.pdf", folder / f"{stem}.html"]

                    def plan_invitation(
                        ev: EventPhase = ev,
                        code: str = code,
                        text_inputs: str = text_inputs,
                        paths: Callable[[], list[Path]] = invitation_paths,
                    ) -> None:
                        if not writer.is_current(paths(), text_inputs):
                            pool.ask(("einladung", ev.id, code),
                                     lambda: with_pdf(invitation_in(ev.id, code)))  # fmt: skip

                    def make_invitation(
                        ev: EventPhase = ev,
                        folder: Path = folder,
                        code: str = code,
                        text_inputs: str = text_inputs,
                        paths: Callable[[], list[Path]] = invitation_paths,
                    ) -> None:
                        label = "kit_invitation" if code == "de" else f"kit_invitation:{code}"
                        pdf_path = paths()[0]
                        if current(ev.id, label, paths(), text_inputs):
                            result.invitations[pdf_path] = pdf_path.read_bytes()
                            return
                        # the worker's invitation with its PDF (or both made here)
                        inv, pdf = pool.get(("einladung", ev.id, code),
                                            lambda: with_pdf(invitation_in(ev.id, code)))  # fmt: skip
                        made.setdefault(ev.id, []).append(inv)
                        add(ev.id, label, folder / f"{inv.file_stem}.pdf", pdf, text_inputs)
                        result.invitations[folder / f"{inv.file_stem}.pdf"] = pdf
                        add(ev.id, label, folder / f"{inv.file_stem}.html", inv.html, text_inputs)

                    outward(
                        ev.id,
                        "kit_invitation" if code == "de" else f"kit_invitation:{code}",
                        _Step(f"{ev.id}: Einladung ({code})", make_invitation, plan_invitation),
                    )
                if combined and len(codes) > 1:

                    def plan_combined(
                        ev: EventPhase = ev, folder: Path = folder, stamp: str = text_inputs
                    ) -> None:
                        path = folder / f"{ev.id}-einladung-mehrsprachig.pdf"
                        if not writer.is_current([path], stamp):
                            pool.ask(
                                ("mehrsprachig", ev.id),
                                lambda: combined_pdf([invitation_in(ev.id, c) for c in codes]),
                            )

                    def make_combined(
                        ev: EventPhase = ev, folder: Path = folder, stamp: str = text_inputs
                    ) -> None:
                        path = folder / f"{ev.id}-einladung-mehrsprachig.pdf"
                        if current(ev.id, "kit_invitation_combined", [path], stamp):
                            return
                        if len(made.get(ev.id, [])) != len(codes):  # skipped above: make them
                            made[ev.id] = [invitation_in(ev.id, code) for code in codes]
                        add(
                            ev.id,
                            "kit_invitation_combined",
                            path,
                            pool.get(("mehrsprachig", ev.id), lambda: combined_pdf(made[ev.id])),
                            stamp,
                        )

                    outward(
                        ev.id,
                        "kit_invitation_combined",
                        _Step(f"{ev.id}: Einladung (mehrsprachig)", make_combined, plan_combined),
                    )
                for code in unsupported:
                    result.skipped.append(
                        Skipped(ev.id, f"kit_invitation:{code}", "kit_no_catalogue")
                    )
            else:
                result.skipped.append(Skipped(ev.id, "kit_invitation", "kit_no_exact_date"))
            kinds = []
            if ev.access == "einladung":
                result.skipped.append(Skipped(ev.id, "kit_announcement", "kit_invitation_only"))
                if ev.date.is_exact and ev.date.as_date() >= release_date:
                    # Closed events: a personal letter to the guests instead of an announcement.

                    def make_letter(ev: EventPhase = ev, folder: Path = folder) -> None:
                        from integrakonzept.documents.letter import invitation_letter

                        stamp = inputs(ev, timeline)
                        paths = [
                            folder / f"{ev.id}-einladungsbrief.{fmt}" for fmt in ("docx", "md")
                        ]
                        if current(ev.id, "kit_letter", paths, stamp):
                            return
                        letter = invitation_letter(
                            process, ev.id, letter_date=release_date, templates=templates
                        )
                        for fmt in ("docx", "md"):
                            add(
                                ev.id,
                                "kit_letter",
                                folder / f"{letter.file_stem}.{fmt}",
                                letter.render(fmt),
                                stamp,
                            )

                    outward(ev.id, "kit_letter", _Step(f"{ev.id}: Einladungsbrief", make_letter))
            elif not ev.date.is_exact:
                result.skipped.append(Skipped(ev.id, "kit_announcement", "kit_no_day"))
            elif (ev.end_date or ev.date.last_day()) < release_date:
                result.skipped.append(Skipped(ev.id, "kit_announcement", "kit_past"))
            else:
                kinds.append("ankuendigung")
            # The report's count is the one of the figures (tracker attendance, else the file).
            counted = figures.event(ev.id).participants if ev.date.is_exact else None
            if (_has_results(ev) or counted is not None) and ev.date.first_day() <= release_date:
                kinds.append("nachbericht")
                if not result.placeholders:  # only about a release that is written
                    result.warnings += timing_warnings(
                        process, ev.id, "nachbericht", release_date
                    )
            for kind in kinds:

                def make_press(
                    ev: EventPhase = ev, kind: str = kind, folder: Path = folder
                ) -> None:
                    label = "kit_announcement" if kind == "ankuendigung" else "kit_report"
                    stamp = inputs(ev, timeline, counts, kind)
                    stem = f"{ev.id}-pressemitteilung-{kind}"
                    paths = [folder / f"{stem}.{fmt}" for fmt in KIT_PRESS_FORMATS]
                    if current(ev.id, label, paths, stamp):
                        return
                    release = press_release(
                        process,
                        ev.id,
                        kind,
                        release_date=release_date,
                        templates=templates,
                        figures=figures,
                    )
                    for fmt in KIT_PRESS_FORMATS:
                        add(
                            ev.id,
                            label,
                            folder / f"{release.file_stem}.{fmt}",
                            release.render(fmt),
                            stamp,
                        )

                outward(
                    ev.id,
                    "kit_announcement" if kind == "ankuendigung" else "kit_report",
                    _Step(f"{ev.id}: Pressemitteilung ({kind})", make_press),
                )

            def sheet_stamp(ev: EventPhase = ev) -> str:
                # Once the tracker exists, the registered people are pre-printed.
                if ev.id not in sheet_stamps:
                    people = repr(roster.for_event(ev.id)) if roster is not None else None
                    sheet_stamps[ev.id] = inputs(ev, people)
                return sheet_stamps[ev.id]

            def sheet_pdf(ev: EventPhase = ev) -> bytes:
                return signup_sheet(process, ev.id, templates=templates, roster=roster).pdf()

            def plan_sheet(ev: EventPhase = ev, folder: Path = folder) -> None:
                path = folder / f"{ev.id}-teilnahmeliste.pdf"
                if not writer.is_current([path], sheet_stamp(ev)):
                    pool.ask(("teilnahmeliste", ev.id), lambda: sheet_pdf(ev))

            def make_sheet(ev: EventPhase = ev, folder: Path = folder) -> None:
                path = folder / f"{ev.id}-teilnahmeliste.pdf"
                stamp = sheet_stamp(ev)
                if current(ev.id, "kit_signup", [path], stamp):
                    return
                pdf = pool.get(("teilnahmeliste", ev.id), lambda: sheet_pdf(ev))
                add(ev.id, "kit_signup", path, pdf, stamp)

            outward(ev.id, "kit_signup", _Step(f"{ev.id}: Teilnahmeliste", make_sheet, plan_sheet))
        else:
            online: OnlinePhase = phase
            if online.end_date < release_date:
                result.skipped.append(Skipped(online.id, "kit_call", "kit_past"))

            def make_call(online: OnlinePhase = online, folder: Path = folder) -> None:
                stamp = inputs(online, timeline, counts, "aufruf")
                stem = f"{online.id}-pressemitteilung-aufruf"
                paths = [folder / f"{stem}.{fmt}" for fmt in KIT_PRESS_FORMATS]
                if current(online.id, "kit_call", paths, stamp):
                    return
                release = press_release(
                    process,
                    online.id,
                    "aufruf",
                    release_date=release_date,
                    templates=templates,
                    figures=figures,
                )
                for fmt in KIT_PRESS_FORMATS:
                    add(
                        online.id,
                        "kit_call",
                        folder / f"{release.file_stem}.{fmt}",
                        release.render(fmt),
                        stamp,
                    )

            if online.end_date >= release_date:
                outward(online.id, "kit_call", _Step(f"{online.id}: Aufruf", make_call))
                if not result.placeholders:  # only about a release that is written
                    result.warnings += timing_warnings(process, online.id, "aufruf", release_date)

        target = qr_target(phase)
        if target is not None:

            def make_qr(
                target: QrTarget = target, folder: Path = folder, pid: str = phase.id
            ) -> None:
                label = "kit_qr" if isinstance(target.phase, EventPhase) else "kit_qr_online"
                stamp = fingerprint(common, target.url)
                png, svg = folder / f"{target.file_stem}.png", folder / f"{target.file_stem}.svg"
                if current(pid, label, [png, svg], stamp):
                    return
                add(pid, label, png, qr_png(target.url), stamp)
                add(pid, label, svg, qr_svg_file(target.url), stamp)

            outward(
                phase.id,
                "kit_qr" if isinstance(phase, EventPhase) else "kit_qr_online",
                _Step(f"{phase.id}: QR-Code", make_qr),
            )
        elif isinstance(phase, OnlinePhase):
            result.skipped.append(Skipped(phase.id, "kit_qr_online", "kit_no_url_online"))
        elif phase.registration_required and phase.access == "oeffentlich":
            # Only a public event with registration needs a QR code; say why it is missing.
            result.skipped.append(Skipped(phase.id, "kit_qr", "kit_no_url"))

        if is_datable(phase):

            def make_ics(phase: AnyPhase = phase, folder: Path = folder) -> None:
                # The entry keeps its SEQUENCE and stamp while its content stays the same, so
                # a file ik wrote from the same inputs would come out alike.
                stamp = inputs(phase)
                path = folder / f"{phase.id}-termin.ics"
                if current(phase.id, "kit_calendar", [path], stamp):
                    return
                path = write_calendar(
                    process, writer, phase_id=phase.id, output=path, now=now, state=root
                )
                writer.stamp(path, stamp)
                result.files.append(KitFile(phase.id, "kit_calendar", path))

            outward(phase.id, "kit_calendar", _Step(f"{phase.id}: Kalender", make_ics))
        else:
            result.skipped.append(Skipped(phase.id, "kit_calendar", "kit_no_exact_date"))

    if phase_id is None:
        # (with placeholders the index page says why each phase's calendar is missing)
        if any(is_datable(p) for p in process.phases) and not result.placeholders:

            def make_process_ics() -> None:
                stamp = fingerprint(common, [p.model_dump(mode="json") for p in process.phases])
                path = root / "termine.ics"
                if writer.current([path], stamp):
                    result.files.append(KitFile(None, "kit_process_calendar", path))
                    return
                path = write_calendar(process, writer, output=path, now=now, state=root)
                writer.stamp(path, stamp)
                result.files.append(KitFile(None, "kit_process_calendar", path))

            steps.append(_Step("Kalender aller Termine", make_process_ics))

        def make_index() -> None:
            stamp = index_inputs(process, result, root, common)
            if writer.current([root / "index.html"], stamp):
                return
            html = render_index(process, result, root, release_date, templates)
            writer.write(root / "index.html", html, inputs=stamp)

        steps.append(_Step("Übersicht (index.html)", make_index))

    total = len(steps)
    try:
        if pool.may_fork:
            # Announce every PDF first: the workers render them while this process
            # writes the steps in order (and renders what was not announced).
            for step in steps:
                if step.plan is not None:
                    step.plan()
        pool.start(prepare=warm_up)
        for done, step in enumerate(steps):
            if on_step is not None:
                on_step(done, total, step.description)
            step.run()
    finally:
        if renders is None:
            pool.close()
        writer.save_stamps()  # what was made so far need not be made again
    if on_step is not None:
        on_step(total, total, "fertig")
    return result


def label_text(label: str) -> str:
    """The German name of a kit entry: a catalogue key, or ``key:<language>`` for an invitation."""
    from integrakonzept.render.catalogue import text
    from integrakonzept.render.languages import LANGUAGES

    key, _, code = label.partition(":")
    if code:
        return text(f"{key}_lang", language=LANGUAGES["de"].language_name(code))
    return text(key)


def index_inputs(process: Process, result: KitResult, root: Path, common: str) -> str:
    """The fingerprint of what the overview page shows: ``common`` (:func:`kit_inputs`: code,
    templates, translations, the day, the process outside ``phasen:``), every phase, and
    each file and gap the build lists (label, place, reason)."""
    return fingerprint(
        "index",
        common,
        [p.model_dump(mode="json") for p in process.phases],
        [(f.phase_id, f.label, f.path.relative_to(root).as_posix()) for f in result.files],
        [(s.phase_id, s.label, s.reason) for s in result.skipped],
    )


def render_index(
    process: Process, result: KitResult, root: Path, release_date: date, templates: Path | None
) -> str:
    """The overview page: per phase its date and links to its files, and what is still missing."""
    from integrakonzept.documents.phrases import phase_words
    from integrakonzept.render.catalogue import text
    from integrakonzept.render.templating import render_template

    def grouped(files: list[KitFile]) -> list[tuple[str, list[tuple[str, str]]]]:
        """One entry per document: its label and a link per format (PDF, HTML, DOCX …)."""
        by_label: dict[str, list[tuple[str, str]]] = {}
        for item in files:
            by_label.setdefault(label_text(item.label), []).append(
                (item.path.suffix.lstrip(".").upper(), item.path.relative_to(root).as_posix())
            )
        return list(by_label.items())

    sections = []
    for phase in _kit_phases(process, None):
        sections.append(
            {
                "phase": phase,
                "when": phase_words(phase).date_label,
                "documents": grouped([f for f in result.files if f.phase_id == phase.id]),
                "skipped": [
                    {"what": label_text(s.label), "why": text(s.reason)}
                    for s in result.skipped
                    if s.phase_id == phase.id
                ],
            }
        )
    process_files = grouped([f for f in result.files if f.phase_id is None])
    context = {
        "process": process,
        "sections": sections,
        "process_files": process_files,
        # ik build writes the public page after this overview (cli), when the process has one
        "site": "seite/index.html" if process.publication.create else None,
        "release_date": release_date,
        "colour": process.colour or "#1F3A5F",
        "lang": "de",
        "gender_style": process.gender_style,
    }
    return render_template("kit-index.html.j2", context, templates)
