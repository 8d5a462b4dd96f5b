; ANAHP Sync Desktop: the Windows installer (Inno Setup 6.3 or later).
;
; Built on Windows only (Inno Setup is a Windows program; it is not run in CI), after the
; bundle, from the repository root:
;
;   .venv\Scripts\pyinstaller --noconfirm build.spec
;   "C:\Program Files (x86)\Inno Setup 6\ISCC.exe" /DAppVersion=0.1.0 packaging\windows\anahp-sync.iss
;
; AppVersion is pyproject.toml's version. Output: dist\installer\anahp-sync-setup-<version>.exe.
; It installs dist\anahp-sync\ (both programs and _internal\) to C:\Program Files\ANAHP Sync,
; adds a Start menu entry for the desktop app, refuses Windows older than 10 version 1809
; (what Qt 6 needs), and on uninstall deletes the "ANAHP Sync" scheduled task if there is one.
; It never touches settings, secrets, logs or C:\ProgramData\anahp-sync: uninstalling
; keeps the state store and the secret file for a reinstall. Sign the .exe files and the
; installer with signtool before handing them out.

#ifndef AppVersion
  #error Give the version: ISCC.exe /DAppVersion=0.1.0 packaging\windows\anahp-sync.iss
#endif

#define AppName "ANAHP Sync"
#define Bundle "..\..\dist\anahp-sync"
#define DesktopExe "anahp-desktop.exe"
#define CliExe "anahp-sync.exe"
#define TaskName "ANAHP Sync"

[Setup]
AppId={{5B0A9C2E-7F3D-4C61-9A4E-2D8B6F1C3E77}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=ANAHP
VersionInfoVersion={#AppVersion}
VersionInfoDescription={#AppName} - instalador
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
; Qt 6 runs on Windows 10 version 1809 (build 17763) or later, 64-bit only
MinVersion=10.0.17763
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
PrivilegesRequired=admin
SetupIconFile=..\..\resources\icons\app.ico
UninstallDisplayIcon={app}\{#DesktopExe}
OutputDir=..\..\dist\installer
OutputBaseFilename=anahp-sync-setup-{#AppVersion}
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
; the tray app keeps its files open: ask to close it (Restart Manager) before replacing them
CloseApplications=yes
RestartApplications=no

[Languages]
Name: "brazilianportuguese"; MessagesFile: "compiler:Languages\BrazilianPortuguese.isl"
Name: "english"; MessagesFile: "compiler:Default.isl"

[Files]
Source: "{#Bundle}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#DesktopExe}"

[Run]
Filename: "{app}\{#DesktopExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent runasoriginaluser

[UninstallRun]
; the task 'anahp-sync schedule install' created (schtasks fails quietly when there is none)
Filename: "{sys}\schtasks.exe"; Parameters: "/Delete /TN ""{#TaskName}"" /F"; Flags: runhidden; RunOnceId: "DeleteScheduledTask"
