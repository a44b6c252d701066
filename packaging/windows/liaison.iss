; Inno Setup script for Liaison's Windows installer, compiled by scripts/package.py:
;   iscc /DAppVersion=0.1.0 /DSourceDir=dist\liaison /DIconFile=resources\icon\liaison.ico /Odist liaison.iss
; Installs for the current user (no administrator needed) or, with /ALLUSERS or the dialog's
; choice, for everyone; adds a Start-menu entry; the uninstaller removes every file it installed
; and leaves the user's data folder (%LOCALAPPDATA%\Liaison) as it is.

#ifndef AppVersion
  #error Pass the version: /DAppVersion=...
#endif

[Setup]
AppId={{6C0F7A5E-3B2D-4E8A-9C61-5A1F2B7D4E90}
AppName=Liaison
AppVersion={#AppVersion}
AppVerName=Liaison {#AppVersion}
AppPublisher=Liaison
DefaultDirName={autopf}\Liaison
DefaultGroupName=Liaison
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=commandline dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputBaseFilename=liaison-{#AppVersion}-windows-x86_64-setup
SetupIconFile={#IconFile}
UninstallDisplayIcon={app}\liaisonw.exe
UninstallDisplayName=Liaison {#AppVersion}
Compression=lzma2
SolidCompression=yes
WizardStyle=modern

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\Liaison"; Filename: "{app}\liaisonw.exe"; Comment: "Meetings with outside bodies, duties and lobbying"

[Run]
Filename: "{app}\liaisonw.exe"; Description: "Open Liaison"; Flags: nowait postinstall skipifsilent
