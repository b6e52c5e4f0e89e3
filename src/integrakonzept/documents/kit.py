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
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from integrakonzept.documents.common import find_phase, output_dir
from integrakonzept.documents.invitation import Invitation
from integrakonzept.documents.press import PressFormat
from integrakonzept.output import Writer
from integrakonzept.process.model import AnyPhase, EventPhase, OnlinePhase, Process

if TYPE_CHECKING:
    from integrakonzept.people.roster import Roster
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


@dataclass(frozen=True)
class _Step:
    description: str
    run: Callable[[], None]


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
) -> KitResult:
    """Make every document (see the module docstring for the file names); return what was made.

    ``release_date`` dates the press releases; ``now`` stamps new calendar
    entries; ``on_step(done, total, description)`` reports progress; ``roster`` (the
    tracker, read once by the caller) prefills the sign-up sheets; ``figures`` (default:
    computed from the process and the roster) give every participant count.
    Invitations are made in every language of ``sprachen:`` that has a catalogue;
    ``combined`` adds one PDF with all of them.
    """
    from integrakonzept.documents.calendar import is_datable, write_calendar
    from integrakonzept.documents.invitation import (
        combined_pdf,
        invitation,
        invitation_languages,
        language_source,
    )
    from integrakonzept.documents.press import press_release
    from integrakonzept.documents.qr import QrTarget, qr_png, qr_svg_file, qr_target
    from integrakonzept.documents.signup import signup_sheet
    from integrakonzept.render.languages import supported
    from integrakonzept.results.participation import participation

    figures = figures or participation(process, roster)
    root = output_dir(process, output)
    templates = templates or process.templates
    result = KitResult()
    codes = invitation_languages(process)
    unsupported = [code for code in process.languages if not supported(code)]
    made: dict[str, list[Invitation]] = {}
    steps: list[_Step] = []

    def add(phase_id: str | None, label: str, path: Path, data: str | bytes) -> None:
        writer.write(path, data)
        result.files.append(KitFile(phase_id, label, path))

    for phase in _kit_phases(process, phase_id):
        folder = root / phase.id
        if isinstance(phase, EventPhase):
            ev: EventPhase = phase
            if ev.date.is_exact:

                for code in codes:

                    def make_invitation(
                        ev: EventPhase = ev, folder: Path = folder, code: str = code
                    ) -> None:
                        inv = invitation(
                            process,
                            ev.id,
                            templates=templates,
                            lang=code,
                            languages=codes,
                            source=language_source(None, code),
                        )
                        made.setdefault(ev.id, []).append(inv)
                        label = "kit_invitation" if code == "de" else f"kit_invitation:{code}"
                        pdf = inv.pdf()
                        add(ev.id, label, folder / f"{inv.file_stem}.pdf", pdf)
                        result.invitations[folder / f"{inv.file_stem}.pdf"] = pdf
                        add(ev.id, label, folder / f"{inv.file_stem}.html", inv.html)

                    steps.append(_Step(f"{ev.id}: Einladung ({code})", make_invitation))
                if combined and len(codes) > 1:

                    def make_combined(ev: EventPhase = ev, folder: Path = folder) -> None:
                        path = folder / f"{ev.id}-einladung-mehrsprachig.pdf"
                        add(ev.id, "kit_invitation_combined", path, combined_pdf(made[ev.id]))

                    steps.append(_Step(f"{ev.id}: Einladung (mehrsprachig)", make_combined))
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

                        letter = invitation_letter(
                            process, ev.id, letter_date=release_date, templates=templates
                        )
                        for fmt in ("docx", "md"):
                            add(
                                ev.id,
                                "kit_letter",
                                folder / f"{letter.file_stem}.{fmt}",
                                letter.render(fmt),
                            )

                    steps.append(_Step(f"{ev.id}: Einladungsbrief", make_letter))
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
            for kind in kinds:

                def make_press(ev: EventPhase = ev, kind: str = kind, folder: Path = folder) -> None:
                    release = press_release(
                        process,
                        ev.id,
                        kind,
                        release_date=release_date,
                        templates=templates,
                        figures=figures,
                    )
                    label = "kit_announcement" if kind == "ankuendigung" else "kit_report"
                    for fmt in KIT_PRESS_FORMATS:
                        add(
                            ev.id, label, folder / f"{release.file_stem}.{fmt}", release.render(fmt)
                        )

                steps.append(_Step(f"{ev.id}: Pressemitteilung ({kind})", make_press))

            def make_sheet(ev: EventPhase = ev, folder: Path = folder) -> None:
                # Once the tracker exists, the registered people are pre-printed.
                sheet = signup_sheet(process, ev.id, templates=templates, roster=roster)
                add(ev.id, "kit_signup", folder / f"{sheet.file_stem}.pdf", sheet.pdf())

            steps.append(_Step(f"{ev.id}: Teilnahmeliste", make_sheet))
        else:
            online: OnlinePhase = phase
            if online.end_date < release_date:
                result.skipped.append(Skipped(online.id, "kit_call", "kit_past"))

            def make_call(online: OnlinePhase = online, folder: Path = folder) -> None:
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
                    )

            if online.end_date >= release_date:
                steps.append(_Step(f"{online.id}: Aufruf", make_call))

        target = qr_target(phase)
        if target is not None:

            def make_qr(
                target: QrTarget = target, folder: Path = folder, pid: str = phase.id
            ) -> None:
                label = "kit_qr" if isinstance(target.phase, EventPhase) else "kit_qr_online"
                add(pid, label, folder / f"{target.file_stem}.png", qr_png(target.url))
                add(pid, label, folder / f"{target.file_stem}.svg", qr_svg_file(target.url))

            steps.append(_Step(f"{phase.id}: QR-Code", make_qr))
        elif isinstance(phase, OnlinePhase):
            result.skipped.append(Skipped(phase.id, "kit_qr_online", "kit_no_url_online"))
        elif phase.registration_required and phase.access == "oeffentlich":
            # Only a public event with registration needs a QR code; say why it is missing.
            result.skipped.append(Skipped(phase.id, "kit_qr", "kit_no_url"))

        if is_datable(phase):

            def make_ics(pid: str = phase.id, folder: Path = folder) -> None:
                path = write_calendar(
                    process, writer, phase_id=pid, output=folder / f"{pid}-termin.ics", now=now
                )
                result.files.append(KitFile(pid, "kit_calendar", path))

            steps.append(_Step(f"{phase.id}: Kalender", make_ics))
        else:
            result.skipped.append(Skipped(phase.id, "kit_calendar", "kit_no_exact_date"))

    if phase_id is None:
        if any(is_datable(p) for p in process.phases):

            def make_process_ics() -> None:
                path = write_calendar(process, writer, output=root / "termine.ics", now=now)
                result.files.append(KitFile(None, "kit_process_calendar", path))

            steps.append(_Step("Kalender aller Termine", make_process_ics))

        def make_index() -> None:
            html = render_index(process, result, root, release_date, templates)
            writer.write(root / "index.html", html)

        steps.append(_Step("Übersicht (index.html)", make_index))

    total = len(steps)
    for done, step in enumerate(steps):
        if on_step is not None:
            on_step(done, total, step.description)
        step.run()
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
        "release_date": release_date,
        "colour": process.colour or "#1F3A5F",
        "lang": "de",
        "gender_style": process.gender_style,
    }
    return render_template("kit-index.html.j2", context, templates)
