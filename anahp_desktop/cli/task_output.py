"""What ``export-for-task`` and ``schedule`` print: what was written, who may read it, what next."""

from __future__ import annotations

import subprocess

from anahp_desktop.task_account import Export
from anahp_desktop.translation import _


def export_report(export: Export) -> list[str]:
    layout = export.layout
    lines = [
        _("Settings for the task: {path} ({account} reads it; {operator} may update it).").format(
            path=layout.config, account=export.account, operator=export.operator
        )
    ]
    if export.settings_only:
        lines.append(_("The secret file was left as it was: {path}.").format(path=layout.secrets))
    else:
        lines.append(
            _(
                "Secrets for the task: {path} ({names}; encrypted for this computer, only "
                "{account} may read it)."
            ).format(
                path=layout.secrets,
                names=", ".join(name.value for name in export.secrets),
                account=export.account,
            )
        )
    if export.state_shared:
        lines.append(
            _("State store shared by the desktop app and the task: {folder}.").format(
                folder=layout.state_folder
            )
        )
    command = subprocess.list2cmdline(
        [
            "anahp-sync",
            "schedule",
            "install",
            "--account",
            export.account,
            "--config",
            str(layout.config),
        ]
    )
    lines.append(_("Next, create the scheduled task: {command}").format(command=command))
    return lines
