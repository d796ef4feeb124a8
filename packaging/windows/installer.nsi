; The Peilstok installer (NSIS 3). Built by scripts/build-windows.sh:
;   makensis -DVERSION=… -DEXE=…\peilstok.exe -DOUTFILE=…\Peilstok-Setup-….exe -DICON=… installer.nsi
; Installs for the current user only: no administrator rights, everything under the user's own
; folders and HKEY_CURRENT_USER, and an uninstaller that removes all of it.

Unicode true
!include "MUI2.nsh"

Name "Peilstok ${VERSION}"
OutFile "${OUTFILE}"
RequestExecutionLevel user
InstallDir "$LOCALAPPDATA\Programs\Peilstok"
InstallDirRegKey HKCU "Software\Peilstok" "InstallDir"
SetCompressor /SOLID lzma
!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"

!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\Peilstok"
!define PROGID "Peilstok.Document"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "Dutch"
!insertmacro MUI_LANGUAGE "English"

Section "Peilstok"
    SetOutPath "$INSTDIR"
    File "/oname=peilstok.exe" "${EXE}"
    File "/oname=peilstok.ico" "${ICON}"
    WriteUninstaller "$INSTDIR\uninstall.exe"
    WriteRegStr HKCU "Software\Peilstok" "InstallDir" "$INSTDIR"

    ; The Start menu.
    CreateShortCut "$SMPROGRAMS\Peilstok.lnk" "$INSTDIR\peilstok.exe" "" "$INSTDIR\peilstok.ico"

    ; .peilstok opens in Peilstok, with its own icon.
    WriteRegStr HKCU "Software\Classes\.peilstok" "" "${PROGID}"
    WriteRegStr HKCU "Software\Classes\${PROGID}" "" "Peilstok-document"
    WriteRegStr HKCU "Software\Classes\${PROGID}\DefaultIcon" "" "$INSTDIR\peilstok.ico"
    WriteRegStr HKCU "Software\Classes\${PROGID}\shell\open\command" "" '"$INSTDIR\peilstok.exe" "%1"'

    ; "Openen met Peilstok" for CSV and Excel files (importing them into a new document).
    WriteRegStr HKCU "Software\Classes\Applications\peilstok.exe\shell\open\command" "" '"$INSTDIR\peilstok.exe" "%1"'
    WriteRegStr HKCU "Software\Classes\Applications\peilstok.exe" "FriendlyAppName" "Peilstok"
    WriteRegStr HKCU "Software\Classes\Applications\peilstok.exe\SupportedTypes" ".peilstok" ""
    WriteRegStr HKCU "Software\Classes\Applications\peilstok.exe\SupportedTypes" ".csv" ""
    WriteRegStr HKCU "Software\Classes\Applications\peilstok.exe\SupportedTypes" ".xlsx" ""
    WriteRegStr HKCU "Software\Classes\.csv\OpenWithList\peilstok.exe" "" ""
    WriteRegStr HKCU "Software\Classes\.xlsx\OpenWithList\peilstok.exe" "" ""

    ; Apps & features: the uninstaller, per user.
    WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "Peilstok"
    WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
    WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\peilstok.ico"
    WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "Peilstok"
    WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
    WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
    WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
    WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1

    ; Tell Explorer the file types changed.
    System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
SectionEnd

Section "Uninstall"
    Delete "$SMPROGRAMS\Peilstok.lnk"
    DeleteRegKey HKCU "Software\Classes\${PROGID}"
    ReadRegStr $0 HKCU "Software\Classes\.peilstok" ""
    StrCmp $0 "${PROGID}" 0 +2
        DeleteRegKey HKCU "Software\Classes\.peilstok"
    DeleteRegKey HKCU "Software\Classes\Applications\peilstok.exe"
    DeleteRegKey HKCU "Software\Classes\.csv\OpenWithList\peilstok.exe"
    DeleteRegKey HKCU "Software\Classes\.xlsx\OpenWithList\peilstok.exe"
    DeleteRegKey HKCU "${UNINSTALL_KEY}"
    DeleteRegKey HKCU "Software\Peilstok"
    Delete "$INSTDIR\peilstok.exe"
    Delete "$INSTDIR\peilstok.ico"
    Delete "$INSTDIR\uninstall.exe"
    RMDir "$INSTDIR"
    System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
SectionEnd
