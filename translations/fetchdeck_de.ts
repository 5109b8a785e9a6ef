<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>AddDialog</name>
    <message>
        <location filename="../ui/adddialog.cpp" line="+31"/>
        <source>&amp;Extract archives once downloaded (.zip, .tar.*, .7z)</source>
        <translation>Archive nach dem Herunterladen &amp;entpacken (.zip, .tar.*, .7z)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Add Downloads</source>
        <translation>Downloads hinzufügen</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;URLs to download, one per line:</source>
        <translation>&amp;URLs zum Herunterladen, eine pro Zeile:</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>URLs to download</source>
        <translation>Herunterzuladende URLs</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>https://example.org/file.iso</source>
        <translation>https://example.org/datei.iso</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Lines that will not be added</source>
        <translation>Zeilen, die nicht hinzugefügt werden</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Save &amp;to:</source>
        <translation>Speichern &amp;in:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Where to download</source>
        <translation>Wohin heruntergeladen wird</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This computer</source>
        <translation>Dieser Computer</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Destination folder</source>
        <translation>Zielordner</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Browse…</source>
        <translation>Durch&amp;suchen…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose the destination folder</source>
        <translation>Zielordner auswählen</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>C&amp;hecksum:</source>
        <translation>&amp;Prüfsumme:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Expected checksum</source>
        <translation>Erwartete Prüfsumme</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>optional, for one file: the digest (its length tells md5, sha-1, sha-256 or sha-512), or sha-256=HEX</source>
        <translation>optional, für eine einzelne Datei: der Hashwert (seine Länge verrät md5, sha-1, sha-256 oder sha-512) oder sha-256=HEX</translation>
    </message>
    <message>
        <location line="+71"/>
        <source>a folder on that machine; empty: aria2&apos;s own</source>
        <translation>ein Ordner auf jenem Rechner; leer: der von aria2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A path on the engine&apos;s machine</source>
        <translation>Ein Pfad auf dem Rechner der Engine</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Unpacking happens on this computer only</source>
        <translation>Entpackt wird nur auf diesem Computer</translation>
    </message>
    <message>
        <location line="+68"/>
        <source>A checksum belongs to one file: add one URL with it.</source>
        <translation>Eine Prüfsumme gehört zu genau einer Datei: Fügen Sie mit ihr nur eine URL hinzu.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Save Downloads To</source>
        <translation>Downloads speichern in</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Checking… %1 of %2 lines</source>
        <translation>Wird geprüft… %1 von %2 Zeilen</translation>
    </message>
    <message numerus="yes">
        <location line="+8"/>
        <source>%n valid URL(s) to add</source>
        <translation>
            <numerusform>%n gültige URL zum Hinzufügen</numerusform>
            <numerusform>%n gültige URLs zum Hinzufügen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n invalid line(s)</source>
        <translation>
            <numerusform>%n ungültige Zeile</numerusform>
            <numerusform>%n ungültige Zeilen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n already in the list, skipped</source>
        <translation>
            <numerusform>%n bereits in der Liste, übersprungen</numerusform>
            <numerusform>%n bereits in der Liste, übersprungen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>&amp;Add %n URL(s)</source>
        <translation>
            <numerusform>%n URL &amp;hinzufügen</numerusform>
            <numerusform>%n URLs &amp;hinzufügen</numerusform>
        </translation>
    </message>
    <message>
        <location line="+27"/>
        <source>line %1: %2</source>
        <translation>Zeile %1: %2</translation>
    </message>
    <message numerus="yes">
        <location line="+7"/>
        <source>… and %n more</source>
        <translation>
            <numerusform>… und %n weitere</numerusform>
            <numerusform>… und %n weitere</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Aria2Rpc</name>
    <message>
        <location filename="../services/remote/aria2rpc.cpp" line="+36"/>
        <source>the secret token is wrong (aria2 said Unauthorized)</source>
        <translation>das geheime Token ist falsch (aria2 meldete Unauthorized)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>aria2 error %1</source>
        <translation>aria2-Fehler %1</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>not a valid address: %1 (for example http://host:6800/jsonrpc)</source>
        <translation>keine gültige Adresse: %1 (zum Beispiel http://host:6800/jsonrpc)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>an aria2 RPC address has no user name or password (aria2 uses its secret token): %1</source>
        <translation>eine aria2-RPC-Adresse enthält keinen Benutzernamen und kein Passwort (aria2 verwendet sein geheimes Token): %1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>an aria2 RPC address starts with http://, https://, ws:// or wss://: %1</source>
        <translation>eine aria2-RPC-Adresse beginnt mit http://, https://, ws:// oder wss://: %1</translation>
    </message>
    <message>
        <location line="+52"/>
        <source>a call had no answer</source>
        <translation>ein Aufruf blieb ohne Antwort</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>no answer from %1 within %2 s</source>
        <translation>keine Antwort von %1 innerhalb von %2 s</translation>
    </message>
    <message>
        <location line="+57"/>
        <source>the connection was closed</source>
        <translation>die Verbindung wurde geschlossen</translation>
    </message>
    <message>
        <location line="+18"/>
        <source> (HTTP %1)</source>
        <translation> (HTTP %1)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 answered, but not as an aria2 RPC endpoint does%2</source>
        <translation>%1 hat geantwortet, aber nicht wie ein aria2-RPC-Endpunkt%2</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>%1 sent an answer over 64 MiB; not aria2</source>
        <translation>%1 hat eine Antwort über 64 MiB gesendet; kein aria2</translation>
    </message>
    <message>
        <location line="+12"/>
        <location line="+105"/>
        <source>cannot reach %1: %2</source>
        <translation>%1 nicht erreichbar: %2</translation>
    </message>
    <message>
        <location line="-64"/>
        <source>cannot reach %1: an https:// proxy cannot carry a WebSocket (use an http:// or socks5:// proxy, or an http(s):// address for the engine)</source>
        <translation>%1 ist nicht erreichbar: Ein https://-Proxy kann keinen WebSocket tragen (einen http://- oder socks5://-Proxy verwenden, oder eine http(s)://-Adresse für die Engine)</translation>
    </message>
    <message>
        <location line="+56"/>
        <source>%1 answered, but not as an aria2 RPC endpoint does (%2)</source>
        <translation>%1 hat geantwortet, aber nicht wie ein aria2-RPC-Endpunkt (%2)</translation>
    </message>
</context>
<context>
    <name>Aria2Status</name>
    <message>
        <location filename="../services/remote/aria2status.cpp" line="+25"/>
        <source>timed out</source>
        <translation>Zeitüberschreitung</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Resource not found</source>
        <translation>Ressource nicht gefunden</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>too slow (below aria2&apos;s lowest-speed-limit)</source>
        <translation>zu langsam (unter lowest-speed-limit von aria2)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>network problem</source>
        <translation>Netzwerkproblem</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>not enough disk space on the engine</source>
        <translation>nicht genug Speicherplatz auf der Engine</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the file already exists on the engine</source>
        <translation>die Datei existiert auf der Engine bereits</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>name resolution failed</source>
        <translation>Namensauflösung fehlgeschlagen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>HTTP authorization failed</source>
        <translation>HTTP-Autorisierung fehlgeschlagen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the server is overloaded or down for maintenance</source>
        <translation>der Server ist überlastet oder wird gewartet</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>checksum mismatch: aria2 verified the file and it differs</source>
        <translation>Prüfsumme stimmt nicht: aria2 hat die Datei geprüft und sie weicht ab</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>aria2 error %1</source>
        <translation>aria2-Fehler %1</translation>
    </message>
    <message>
        <location line="+79"/>
        <source>%1 (HTTP %2)</source>
        <translation>%1 (HTTP %2)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>aria2 error code %1</source>
        <translation>aria2-Fehlercode %1</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>GID</source>
        <translation>GID</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>aria2 status</source>
        <translation>aria2-Status</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Folder on the engine</source>
        <translation>Ordner auf der Engine</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Connections</source>
        <translation>Verbindungen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>aria2 error code</source>
        <translation>aria2-Fehlercode</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>aria2 error</source>
        <translation>aria2-Fehler</translation>
    </message>
</context>
<context>
    <name>AriaInput</name>
    <message>
        <location filename="../services/jobs/ariainput.cpp" line="+24"/>
        <source>line %1: %2</source>
        <translation>Zeile %1: %2</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>option without a URL line above it: %1</source>
        <translation>Option ohne vorangehende URL-Zeile: %1</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>%1= is not valid UTF-8: %2</source>
        <translation>%1= ist kein gültiges UTF-8: %2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>out= needs a file name</source>
        <translation>out= braucht einen Dateinamen</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>dir= needs a folder</source>
        <translation>dir= braucht einen Ordner</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>extract expects true or false, not &apos;%1&apos;</source>
        <translation>extract erwartet true oder false, nicht &apos;%1&apos;</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>unknown option &apos;%1&apos;</source>
        <translation>unbekannte Option &apos;%1&apos;</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>longer than %1 characters</source>
        <translation>länger als %1 Zeichen</translation>
    </message>
</context>
<context>
    <name>CaBundle</name>
    <message>
        <location filename="../services/http/cabundle.cpp" line="+44"/>
        <source>cannot read %1: %2</source>
        <translation>%1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 holds no PEM certificate</source>
        <translation>%1 enthält kein PEM-Zertifikat</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>cannot write the combined certificate bundle: %1</source>
        <translation>das kombinierte Zertifikatsbündel kann nicht geschrieben werden: %1</translation>
    </message>
</context>
<context>
    <name>DetailsPanel</name>
    <message>
        <location filename="../ui/detailspanel.cpp" line="+29"/>
        <source>Task details</source>
        <translation>Aufgabendetails</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Select a download to see its details.</source>
        <translation>Wählen Sie einen Download aus, um seine Details zu sehen.</translation>
    </message>
    <message>
        <location line="+31"/>
        <location line="+156"/>
        <source>URL:</source>
        <translation>URL:</translation>
    </message>
    <message>
        <location line="-153"/>
        <location line="+169"/>
        <source>Saved to:</source>
        <translation>Gespeichert in:</translation>
    </message>
    <message>
        <location line="-168"/>
        <source>State:</source>
        <translation>Status:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>HTTP status:</source>
        <translation>HTTP-Status:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Size:</source>
        <translation>Größe:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Attempts:</source>
        <translation>Versuche:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Connections:</source>
        <translation>Verbindungen:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Error:</source>
        <translation>Fehler:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Detail:</source>
        <translation>Details:</translation>
    </message>
    <message>
        <location line="-7"/>
        <source>Engine:</source>
        <translation>Engine:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>From the browser:</source>
        <translation>Vom Browser:</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>&amp;Copy</source>
        <translation>&amp;Kopieren</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Copy the result</source>
        <translation>Ergebnis kopieren</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Result:</source>
        <translation>Ergebnis:</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Co&amp;py</source>
        <translation>Ko&amp;pieren</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Copy the actual checksum</source>
        <translation>Tatsächliche Prüfsumme kopieren</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Actual:</source>
        <translation>Tatsächlich:</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Log:</source>
        <translation>Protokoll:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Task log</source>
        <translation>Aufgabenprotokoll</translation>
    </message>
    <message numerus="yes">
        <location line="+72"/>
        <source>%n open</source>
        <translation>
            <numerusform>%n offen</numerusform>
            <numerusform>%n offen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%1 on disk in %n piece(s)</source>
        <translation>
            <numerusform>%1 auf dem Datenträger in %n Teil</numerusform>
            <numerusform>%1 auf dem Datenträger in %n Teilen</numerusform>
        </translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+65"/>
        <location line="+14"/>
        <location line="+20"/>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <location line="-78"/>
        <source>File:</source>
        <translation>Datei:</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Saved there to:</source>
        <translation>Dort gespeichert in:</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>its cookies for this site</source>
        <translation>seinen Cookies für diese Website</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the page as referrer</source>
        <translation>der Seite als Referrer</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>its user agent</source>
        <translation>seinem User-Agent</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>kept with the secrets; not read back</source>
        <translation>bei den Geheimnissen gespeichert; nicht zurückgelesen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>sent with %1</source>
        <translation>gesendet mit %1</translation>
    </message>
    <message>
        <location line="-48"/>
        <location line="+48"/>
        <source>, </source>
        <translation>, </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Actual: </source>
        <translation>Tatsächlich: </translation>
    </message>
    <message>
        <location line="+8"/>
        <source>%1:</source>
        <translation>%1:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Unpacked to:</source>
        <translation>Entpackt nach:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Expected:</source>
        <translation>Erwartet:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Checksum:</source>
        <translation>Prüfsumme:</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>%1 (no file name was chosen)</source>
        <translation>%1 (kein Dateiname festgelegt)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 (file name not chosen yet)</source>
        <translation>%1 (Dateiname noch nicht festgelegt)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>HTTP %1</source>
        <translation>HTTP %1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 of %2</source>
        <translation>%1 von %2</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 in all, the next is attempt %2 of %3</source>
        <translation>%1 insgesamt, als Nächstes Versuch %2 von %3</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>None</source>
        <translation>Keiner</translation>
    </message>
</context>
<context>
    <name>DownloadEngine</name>
    <message>
        <location filename="../services/engine/downloadengine.cpp" line="+135"/>
        <source>Connections changed: starting the attempt again</source>
        <translation>Verbindungen geändert: Der Versuch beginnt neu</translation>
    </message>
    <message>
        <location line="+119"/>
        <source>Canceled by the user; %1 kept in %2</source>
        <translation>Vom Benutzer abgebrochen; %1 bleiben in %2 erhalten</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Canceled by the user</source>
        <translation>Vom Benutzer abgebrochen</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Paused at %1</source>
        <translation>Pausiert bei %1</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Resumed</source>
        <translation>Fortgesetzt</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Queued again</source>
        <translation>Erneut in die Warteschlange gestellt</translation>
    </message>
    <message>
        <location filename="../services/engine/downloadengineruns.cpp" line="+48"/>
        <source>Trying mirror %1 of %2</source>
        <translation>Versuche Spiegelserver %1 von %2</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>Another task uses the name %1: choosing a new one</source>
        <translation>Eine andere Aufgabe verwendet den Namen %1: Ein neuer wird gewählt</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>internal error: %1</source>
        <translation>interner Fehler: %1</translation>
    </message>
    <message>
        <location line="+72"/>
        <source>Completed before the cancel took effect</source>
        <translation>Abgeschlossen, bevor der Abbruch wirksam wurde</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Completed before the pause took effect</source>
        <translation>Fertig, bevor die Pause wirkte</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Failed: %1</source>
        <translation>Fehlgeschlagen: %1</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>%1; the server asks to wait until %2: retry then</source>
        <translation>%1; der Server bittet, bis %2 zu warten: dann erneut versuchen</translation>
    </message>
    <message>
        <location filename="../services/engine/downloadenginetasks.cpp" line="+198"/>
        <source>Back on the list (Undo)</source>
        <translation>Wieder in der Liste (Rückgängig)</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>a download on a remote engine keeps its URL there; add the new one instead</source>
        <translation>ein Download auf einer entfernten Engine behält dort seine URL; fügen Sie stattdessen die neue hinzu</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>only a download that has not completed can get a new URL</source>
        <translation>nur ein nicht abgeschlossener Download kann eine neue URL erhalten</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>nothing tells whether the new server sends the same file: pause the download first (it will start from zero)</source>
        <translation>nichts zeigt, ob der neue Server dieselbe Datei liefert: bitte den Download zuerst pausieren (er beginnt dann von vorn)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The browser&apos;s cookies stay with %1: not sent to %2</source>
        <translation>Die Cookies des Browsers bleiben bei %1: nicht an %2 gesendet</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>New URL: %1</source>
        <translation>Neue URL: %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Nothing tells whether the new server sends the same file: starting from zero</source>
        <translation>Nichts zeigt, ob der neue Server dieselbe Datei liefert: Beginn von vorn</translation>
    </message>
</context>
<context>
    <name>ExtractJob</name>
    <message>
        <location filename="../services/jobs/extractjob.cpp" line="+41"/>
        <source>unknown archive error</source>
        <translation>unbekannter Archivfehler</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>refused unsafe entry: %1</source>
        <translation>unsicherer Eintrag abgelehnt: %1</translation>
    </message>
    <message>
        <location filename="../services/jobs/unpackingfolder.cpp" line="+200"/>
        <source>cannot create the folder %1</source>
        <translation>der Ordner %1 kann nicht angelegt werden</translation>
    </message>
    <message>
        <location filename="../services/jobs/extractjob.cpp" line="+149"/>
        <source>stopped: not enough free disk space to unpack the archive (%1 free)</source>
        <translation>angehalten: nicht genug freier Speicherplatz zum Entpacken des Archivs (%1 frei)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>stopped: the archive unpacks to more than %1 times its size (a zip bomb?)</source>
        <translation>angehalten: das Archiv wächst beim Entpacken auf mehr als das %1-Fache seiner Größe (eine Zip-Bombe?)</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>stopped: not enough free inodes on the disk to unpack the archive (%1 free)</source>
        <translation>angehalten: nicht genug freie Inodes auf dem Datenträger zum Entpacken des Archivs (%1 frei)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>stopped: the archive holds more than %1 entries for its size (an inode bomb?)</source>
        <translation>angehalten: das Archiv enthält für seine Größe mehr als %1 Einträge (eine Inode-Bombe?)</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>an entry has a name that cannot be read</source>
        <translation>ein Eintrag hat einen unlesbaren Namen</translation>
    </message>
    <message>
        <location line="-203"/>
        <location line="+218"/>
        <location line="+28"/>
        <location line="+14"/>
        <location line="+5"/>
        <location line="+4"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
</context>
<context>
    <name>FilterBar</name>
    <message>
        <location filename="../ui/filterbar.cpp" line="+26"/>
        <source>Show downloads by where they run</source>
        <translation>Downloads danach anzeigen, wo sie laufen</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Show downloads by state</source>
        <translation>Downloads nach Status anzeigen</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Search downloads</source>
        <translation>Downloads durchsuchen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Search name or URL</source>
        <translation>Name oder URL suchen</translation>
    </message>
    <message>
        <location line="+64"/>
        <source>All</source>
        <translation>Alle</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Active</source>
        <translation>Aktiv</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Queued</source>
        <translation>Warteschlange</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Completed</source>
        <translation>Abgeschlossen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Canceled</source>
        <translation>Abgebrochen</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Paused</source>
        <translation>Pausiert</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Everywhere</source>
        <translation>Überall</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This computer</source>
        <translation>Dieser Computer</translation>
    </message>
</context>
<context>
    <name>Format</name>
    <message>
        <location filename="../models/format.cpp" line="+20"/>
        <source>%1/s</source>
        <translation>%1/s</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 min %2 s</source>
        <translation>%1 min %2 s</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
</context>
<context>
    <name>HashJob</name>
    <message>
        <location filename="../services/jobs/hashjob.cpp" line="+65"/>
        <source>expected ALGO=HEX or a bare md5, sha-1, sha-256 or sha-512 digest, got &apos;%1&apos;</source>
        <translation>ALGO=HEX oder ein reiner md5-, sha-1-, sha-256- oder sha-512-Hashwert erwartet, erhalten: &apos;%1&apos;</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>unknown checksum algorithm &apos;%1&apos; (use md5, sha-1, sha-256 or sha-512)</source>
        <translation>unbekannter Prüfsummenalgorithmus &apos;%1&apos; (md5, sha-1, sha-256 oder sha-512 verwenden)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>the %1 checksum is not hexadecimal: &apos;%2&apos;</source>
        <translation>die %1-Prüfsumme ist nicht hexadezimal: &apos;%2&apos;</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>a %1 checksum has %2 hex digits, not %3</source>
        <translation>eine %1-Prüfsumme hat %2 Hexadezimalziffern, nicht %3</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>a folder</source>
        <translation>ein Ordner</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>a named pipe</source>
        <translation>eine benannte Pipe</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>a socket</source>
        <translation>ein Socket</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>a device</source>
        <translation>ein Gerät</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>not a regular file</source>
        <translation>keine normale Datei</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>%1 is %2, not a file to hash</source>
        <translation>%1 ist %2: keine Prüfsumme möglich</translation>
    </message>
    <message>
        <location line="-28"/>
        <source>checksum mismatch: expected %1, got %2</source>
        <translation>Prüfsumme stimmt nicht überein: erwartet %1, erhalten %2</translation>
    </message>
</context>
<context>
    <name>HeadlessRunner</name>
    <message numerus="yes">
        <location filename="../app/headlessrunner.cpp" line="+203"/>
        <source>interrupted: stopping %n running task(s); partial files are kept</source>
        <translation>
            <numerusform>unterbrochen: %n laufende Aufgabe wird angehalten; Teildateien bleiben erhalten</numerusform>
            <numerusform>unterbrochen: %n laufende Aufgaben werden angehalten; Teildateien bleiben erhalten</numerusform>
        </translation>
    </message>
    <message>
        <location line="-160"/>
        <source>done      %1  %2  %3</source>
        <translation>erledigt       %1  %2  %3</translation>
    </message>
    <message>
        <location line="+16"/>
        <location filename="../app/remoteheadless.cpp" line="+33"/>
        <location line="+128"/>
        <location line="+54"/>
        <source>failed    %1: %2</source>
        <translation>fehlgeschlagen %1: %2</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>canceled  %1</source>
        <translation>abgebrochen    %1</translation>
    </message>
    <message>
        <location line="+14"/>
        <source> in %1 s</source>
        <translation> in %1 s</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>retrying %1 (it failed in an earlier run)</source>
        <translation>neuer Versuch für %1 (in einem früheren Lauf fehlgeschlagen)</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+50"/>
        <source>continuing %1 from an earlier run</source>
        <translation>%1 wird aus einem früheren Lauf fortgesetzt</translation>
    </message>
    <message>
        <location line="-46"/>
        <source>not starting %1 again: it was canceled (give its URL to continue it)</source>
        <translation>%1 wird nicht erneut gestartet: Der Download wurde abgebrochen (seine URL angeben, um ihn fortzusetzen)</translation>
    </message>
    <message>
        <location line="+135"/>
        <source>[%1 done] %2 running, %3 queued, %4 failed %5</source>
        <translation>[%1 erledigt] %2 aktiv, %3 wartend, %4 fehlgeschlagen %5</translation>
    </message>
    <message>
        <location line="-194"/>
        <source>%1 completed, %2 failed, %3 canceled</source>
        <translation>%1 abgeschlossen, %2 fehlgeschlagen, %3 abgebrochen</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>, %1 unfinished</source>
        <translation>, %1 nicht abgeschlossen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source> in %1 s (%2)</source>
        <translation> in %1 s (%2)</translation>
    </message>
</context>
<context>
    <name>HelpDialogs</name>
    <message>
        <location filename="../ui/helpdialogs.cpp" line="+47"/>
        <source>Keyboard Shortcuts</source>
        <translation>Tastenkürzel</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>About Fetchdeck</source>
        <translation>Über Fetchdeck</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&lt;h3&gt;Fetchdeck %1&lt;/h3&gt;&lt;p&gt;Downloads, file saves and long jobs at once: watched live, canceled or retried with one click.&lt;/p&gt;&lt;p&gt;Released under the MIT licence. Built with Qt %2 and libcurl.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Fetchdeck %1&lt;/h3&gt;&lt;p&gt;Downloads, Dateispeicherungen und lange Aufträge gleichzeitig: live verfolgt, mit einem Klick abgebrochen oder wiederholt.&lt;/p&gt;&lt;p&gt;Veröffentlicht unter der MIT-Lizenz. Erstellt mit Qt %2 und libcurl.&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>HostLimits</name>
    <message>
        <location filename="../services/engine/hostlimits.cpp" line="+36"/>
        <source>&apos;%1&apos; is not host=N (N from 0, no cap, to 256)</source>
        <translation>„%1“ ist nicht Host=N (N von 0, keine Grenze, bis 256)</translation>
    </message>
</context>
<context>
    <name>JobQueue</name>
    <message>
        <location filename="../services/jobs/jobqueue.cpp" line="+111"/>
        <source>Canceled by the user</source>
        <translation>Vom Benutzer abgebrochen</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Queued again</source>
        <translation>Erneut in die Warteschlange gestellt</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>Computing the %1 digest of %2</source>
        <translation>Die %1-Prüfsumme von %2 wird berechnet</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Extracting %1</source>
        <translation>%1 wird entpackt</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Extracted into %1</source>
        <translation>Entpackt nach %1</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>canceled</source>
        <translation>abgebrochen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Failed: %1</source>
        <translation>Fehlgeschlagen: %1</translation>
    </message>
</context>
<context>
    <name>JobRunner</name>
    <message>
        <location filename="../services/jobs/jobcontext.cpp" line="+25"/>
        <source>canceled</source>
        <translation>abgebrochen</translation>
    </message>
    <message>
        <location filename="../services/jobs/jobrunner.cpp" line="+186"/>
        <source>the job failed with an unknown exception</source>
        <translation>der Auftrag ist mit einer unbekannten Ausnahme fehlgeschlagen</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../ui/mainwindow.cpp" line="+48"/>
        <source>Fetchdeck</source>
        <translation>Fetchdeck</translation>
    </message>
    <message numerus="yes">
        <location line="+42"/>
        <source>%n partial file(s) in the download folders belong to no task; they were left as they are: %1</source>
        <translation>
            <numerusform>%n Teildatei in den Downloadordnern gehört zu keiner Aufgabe; sie wurde unverändert belassen: %1</numerusform>
            <numerusform>%n Teildateien in den Downloadordnern gehören zu keiner Aufgabe; sie wurden unverändert belassen: %1</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/mainwindowactions.cpp" line="+18"/>
        <source>&amp;Add URLs…</source>
        <translation>URLs &amp;hinzufügen…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Add</source>
        <translation>Hinzufügen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add many URLs at once</source>
        <translation>Viele URLs auf einmal hinzufügen</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Paste &amp;URLs</source>
        <translation>URLs e&amp;infügen</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Hash Files…</source>
        <translation>&amp;Prüfsummen berechnen…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Compute the SHA-256 digest of local files</source>
        <translation>Die SHA-256-Prüfsumme lokaler Dateien berechnen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Settings…</source>
        <translation>&amp;Einstellungen…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Show &amp;Details</source>
        <translation>&amp;Details anzeigen</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Main</source>
        <translation>Hauptwerkzeugleiste</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>URL to download</source>
        <translation>Herunterzuladende URL</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Paste a URL and press Enter</source>
        <translation>URL einfügen und Eingabetaste drücken</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Where the URL is downloaded</source>
        <translation>Wohin die URL heruntergeladen wird</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This computer</source>
        <translation>Dieser Computer</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>&amp;Tasks</source>
        <translation>Auf&amp;gaben</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Queue</source>
        <translation>Wartesc&amp;hlange</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Selec&amp;t All</source>
        <translation>A&amp;lle auswählen</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>&amp;Tastenkürzel</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;About Fetchdeck</source>
        <translation>Ü&amp;ber Fetchdeck</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="+134"/>
        <source>The clipboard holds no URL.</source>
        <translation>Die Zwischenablage enthält keine URL.</translation>
    </message>
    <message numerus="yes">
        <location line="+27"/>
        <source>Hashing %n file(s).</source>
        <translation>
            <numerusform>Prüfsumme von %n Datei wird berechnet.</numerusform>
            <numerusform>Prüfsummen von %n Dateien werden berechnet.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Hash Files</source>
        <translation>Prüfsummen berechnen</translation>
    </message>
</context>
<context>
    <name>NativeMessaging</name>
    <message>
        <location filename="../app/nativemessaging.cpp" line="+41"/>
        <source>&quot;%1&quot; must be a string of at most %2 characters</source>
        <translation>„%1“ muss eine Zeichenkette mit höchstens %2 Zeichen sein</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>a message of %1 bytes (at most %2)</source>
        <translation>eine Nachricht mit %1 Bytes (höchstens %2)</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>not a JSON object</source>
        <translation>kein JSON-Objekt</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>unknown message type</source>
        <translation>unbekannter Nachrichtentyp</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>the address is longer than %1 characters once encoded</source>
        <translation>die Adresse ist kodiert länger als %1 Zeichen</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>a header value with a line break or another control character</source>
        <translation>ein Header-Wert mit einem Zeilenumbruch oder einem anderen Steuerzeichen</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>the running Fetchdeck did not take the downloads (is it older than this browser host? restart it)</source>
        <translation>das laufende Fetchdeck hat die Downloads nicht übernommen (ist es älter als dieser Browser-Host? Starten Sie es neu)</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>another start of Fetchdeck did not finish</source>
        <translation>ein anderer Start von Fetchdeck wurde nicht beendet</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>cannot use the state folder %1</source>
        <translation>der Statusordner %1 kann nicht verwendet werden</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Fetchdeck could not be started</source>
        <translation>Fetchdeck konnte nicht gestartet werden</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>the Fetchdeck using %1 ended without taking downloads</source>
        <translation>das Fetchdeck, das %1 verwendet, wurde beendet, ohne Downloads zu übernehmen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fetchdeck did not start (is its state folder %1 in use?)</source>
        <translation>Fetchdeck ist nicht gestartet (wird sein Statusordner %1 verwendet?)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the Fetchdeck using %1 (pid %2) did not take the downloads in time (a headless run, or a window that does not answer)</source>
        <translation>das Fetchdeck, das %1 verwendet (PID %2), hat die Downloads nicht rechtzeitig übernommen (ein Lauf ohne Fenster oder ein Fenster, das nicht antwortet)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Fetchdeck did not answer within %1 s</source>
        <translation>Fetchdeck hat nicht innerhalb von %1 s geantwortet</translation>
    </message>
</context>
<context>
    <name>Options</name>
    <message>
        <location filename="../app/inputfile.cpp" line="+62"/>
        <source>line %1: dir=%2 leaves the download folder %3 (pass --allow-dirs-outside to allow it)</source>
        <translation>Zeile %1: dir=%2 verlässt den Downloadordner %3 (mit --allow-dirs-outside erlauben)</translation>
    </message>
    <message>
        <location filename="../app/options.cpp" line="+88"/>
        <source>Fetchdeck: download many files at once, watch them, cancel or retry any.</source>
        <translation>Fetchdeck: viele Dateien gleichzeitig herunterladen, verfolgen, beliebige abbrechen oder wiederholen.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>URLs to download</source>
        <translation>Herunterzuladende URLs</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No window: run the queue until every task ended, then exit.</source>
        <translation>Ohne Fenster: die Warteschlange abarbeiten, bis jede Aufgabe beendet ist, dann beenden.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Read URLs from FILE, one per line (&apos;-&apos; = stdin).</source>
        <translation>URLs aus FILE lesen, eine pro Zeile (&apos;-&apos; = Standardeingabe).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Destination folder (default: the download folder).</source>
        <translation>Zielordner (Standard: der Downloadordner).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>At most N tasks at once, 1 to 256 (default 4).</source>
        <translation>Höchstens N Aufgaben gleichzeitig, 1 bis 256 (Standard: 4).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Where the task database lives.</source>
        <translation>Ordner der Aufgabendatenbank.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Attempts per task for transient failures, 1 to 100 (default 5).</source>
        <translation>Versuche pro Aufgabe bei vorübergehenden Fehlern, 1 bis 100 (Standard: 5).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Seconds without a byte before an attempt is retried (default 30).</source>
        <translation>Sekunden ohne ein einziges Byte, bevor ein Versuch wiederholt wird (Standard: 30).</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Fetch a large file over at most N connections at once, 1 to 16 (default 8).</source>
        <translation>Eine große Datei über höchstens N Verbindungen gleichzeitig laden, 1 bis 16 (Standard: 8).</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>At most N connections to one host across all downloads, 0 to 256 (default 0: no cap beyond -j and -x).</source>
        <translation>Höchstens N Verbindungen zu einem Host über alle Downloads hinweg, 0 bis 256 (Standard: 0, keine Grenze außer -j und -x).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Download at most RATE bytes per second in all (500K, 2M; 0 = no limit), shared fairly among the running downloads.</source>
        <translation>Insgesamt höchstens RATE Byte pro Sekunde herunterladen (500K, 2M; 0 = unbegrenzt), gerecht auf die laufenden Downloads verteilt.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Never split a file into pieces smaller than SIZE (bytes, or with K or M; default 1M); only files of twice that size are split.</source>
        <translation>Eine Datei nie in Teile kleiner als SIZE aufteilen (Byte, oder mit K oder M; Standard: 1M); nur Dateien ab der doppelten Größe werden aufgeteilt.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Use this proxy (http://, https://, socks5h://HOST:PORT) instead of the environment&apos;s http_proxy, https_proxy and all_proxy.</source>
        <translation>Diesen Proxy verwenden (http://, https://, socks5h://HOST:PORT) statt http_proxy, https_proxy und all_proxy aus der Umgebung.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Also trust the certificate authorities in this PEM FILE (a private or corporate CA), besides the system&apos;s.</source>
        <translation>Zusätzlich zu denen des Systems den Zertifizierungsstellen in der PEM-Datei FILE vertrauen (eine private oder Firmen-CA).</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Use HTTP/1.1 even where a server offers HTTP/2.</source>
        <translation>HTTP/1.1 verwenden, auch wenn ein Server HTTP/2 anbietet.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Let dir= in an input file name folders outside the download folder.</source>
        <translation>dir= in einer Eingabedatei darf Ordner außerhalb des Downloadordners angeben.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Verify the URLs given on the command line against ALGO=HEX (md5, sha-1, sha-256, sha-512), or a bare digest (its length names the algorithm).</source>
        <translation>Die auf der Befehlszeile angegebenen URLs gegen ALGO=HEX (md5, sha-1, sha-256, sha-512) oder einen reinen Hashwert (seine Länge bestimmt den Algorithmus) prüfen.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Unpack downloaded archives beside them.</source>
        <translation>Heruntergeladene Archive an Ort und Stelle entpacken.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Hash the FILEs given instead of downloading (prints lines like sha256sum).</source>
        <translation>Prüfsummen der angegebenen FILEs berechnen, statt herunterzuladen (gibt Zeilen wie sha256sum aus).</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>md5, sha-1, sha-256 (default) or sha-512.</source>
        <translation>md5, sha-1, sha-256 (Standard) oder sha-512.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>With --headless: download on the aria2 daemon at URL (http://HOST:6800/jsonrpc, or ws://, https://, wss://) instead of this computer; -d is then a folder there.</source>
        <translation>Mit --headless: auf dem aria2-Daemon unter URL (http://HOST:6800/jsonrpc oder ws://, https://, wss://) statt auf diesem Computer herunterladen; -d ist dann ein Ordner dort.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Read the aria2 daemon&apos;s secret token from FILE (or set FETCHDECK_ARIA2_SECRET).</source>
        <translation>Das geheime Token des aria2-Daemons aus DATEI lesen (oder FETCHDECK_ARIA2_SECRET setzen).</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Let the Fetchdeck browser extension reach this program: write the native messaging host files for Chromium, Google Chrome and Firefox of this user, then exit.</source>
        <translation>Die Fetchdeck-Browsererweiterung dieses Programm erreichen lassen: die Native-Messaging-Host-Dateien für Chromium, Google Chrome und Firefox dieses Benutzers schreiben, dann beenden.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Remove those files again, then exit.</source>
        <translation>Diese Dateien wieder entfernen, dann beenden.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Speak the browsers&apos; native messaging protocol on stdin and stdout (what a browser starts; not for people).</source>
        <translation>Das Native-Messaging-Protokoll der Browser auf stdin und stdout sprechen (was ein Browser startet; nicht für Menschen).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Show this help.</source>
        <translation>Diese Hilfe anzeigen.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show the version.</source>
        <translation>Die Version anzeigen.</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>%1: the name is not valid UTF-8 (%2): rename it, or give a link to it with a UTF-8 name</source>
        <translation>%1: der Name ist kein gültiges UTF-8 (%2): benennen Sie ihn um oder geben Sie einen Link darauf mit einem UTF-8-Namen an</translation>
    </message>
    <message>
        <location line="+11"/>
        <location line="+6"/>
        <source>%1 needs a folder</source>
        <translation>%1 braucht einen Ordner</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>%1 expects a number from 1 to 256, not &apos;%2&apos;</source>
        <translation>%1 erwartet eine Zahl von 1 bis 256, nicht &apos;%2&apos;</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>%1 expects a number from %2 to %3, not &apos;%4&apos;</source>
        <translation>%1 erwartet eine Zahl von %2 bis %3, nicht &apos;%4&apos;</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>--limit-rate expects a rate like 500K or 2M (0 = no limit), not &apos;%1&apos;</source>
        <translation>--limit-rate erwartet eine Rate wie 500K oder 2M (0 = unbegrenzt), nicht &apos;%1&apos;</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>--min-split-size expects a size from 64K to 1024M, not &apos;%1&apos;</source>
        <translation>--min-split-size erwartet eine Größe von 64K bis 1024M, nicht &apos;%1&apos;</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>--proxy: %1</source>
        <translation>--proxy: %1</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>--ca-certificate expects a file</source>
        <translation>--ca-certificate erwartet eine Datei</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>--aria2-secret would show the secret to every user (ps); put it in a file for --aria2-secret-file, or in FETCHDECK_ARIA2_SECRET</source>
        <translation>--aria2-secret würde das Geheimnis jedem Benutzer zeigen (ps); legen Sie es in eine Datei für --aria2-secret-file oder in FETCHDECK_ARIA2_SECRET</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>--aria2-rpc: %1</source>
        <translation>--aria2-rpc: %1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>--aria2-rpc works with --headless; the dashboard&apos;s remote engines are in Settings &gt; Remote engines</source>
        <translation>--aria2-rpc funktioniert mit --headless; die entfernten Engines des Dashboards stehen unter Einstellungen &gt; Entfernte Engines</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>--hash-algo expects md5, sha-1, sha-256 or sha-512, not &apos;%1&apos;</source>
        <translation>--hash-algo erwartet md5, sha-1, sha-256 oder sha-512, nicht &apos;%1&apos;</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>--hash works on this computer&apos;s files, not with --aria2-rpc</source>
        <translation>--hash arbeitet mit Dateien dieses Computers, nicht mit --aria2-rpc</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>--hash expects the files to hash</source>
        <translation>--hash erwartet die Dateien, deren Prüfsumme berechnet werden soll</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>--hash: an empty file name</source>
        <translation>--hash: ein leerer Dateiname</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>--checksum: %1</source>
        <translation>--checksum: %1</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>argument %1: %2</source>
        <translation>Argument %1: %2</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>cannot read input file %1: %2</source>
        <translation>Eingabedatei %1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>--extract unpacks on this computer, not with --aria2-rpc</source>
        <translation>--extract entpackt auf diesem Computer, nicht mit --aria2-rpc</translation>
    </message>
</context>
<context>
    <name>QueueActions</name>
    <message>
        <location filename="../ui/queueactions.cpp" line="+20"/>
        <source>Start &amp;Now</source>
        <translation>&amp;Jetzt starten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Start the selected downloads at once, even beyond the number of downloads at a time</source>
        <translation>Die ausgewählten Downloads sofort starten, auch über die Zahl gleichzeitiger Downloads hinaus</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Move to &amp;Top</source>
        <translation>An den &amp;Anfang</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>First in the list and in the queue</source>
        <translation>An die erste Stelle der Liste und der Warteschlange</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Move &amp;Up</source>
        <translation>Nach &amp;oben</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>One place up in the list and in the queue</source>
        <translation>Eine Stelle nach oben in der Liste und der Warteschlange</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Move &amp;Down</source>
        <translation>Nach &amp;unten</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>One place down in the list and in the queue</source>
        <translation>Eine Stelle nach unten in der Liste und der Warteschlange</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Move to &amp;Bottom</source>
        <translation>Ans &amp;Ende</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Last in the list and in the queue</source>
        <translation>An die letzte Stelle der Liste und der Warteschlange</translation>
    </message>
</context>
<context>
    <name>QuitFlow</name>
    <message>
        <location filename="../ui/quitflow.cpp" line="+26"/>
        <source>Quit Fetchdeck</source>
        <translation>Fetchdeck beenden</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>Downloads running or queued: %n.</source>
        <translation>
            <numerusform>Laufende oder wartende Downloads: %n.</numerusform>
            <numerusform>Laufende oder wartende Downloads: %n.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Quitting stops them; partial files are kept so they can be resumed.</source>
        <translation>Beenden hält sie an; Teildateien bleiben erhalten, damit sie später fortgesetzt werden können.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Fetchdeck</source>
        <translation>Fetchdeck</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fetchdeck keeps running in the tray. Quit it from the tray&apos;s menu.</source>
        <translation>Fetchdeck läuft im Systembereich weiter. Beenden Sie es über das Menü des Symbols dort.</translation>
    </message>
</context>
<context>
    <name>RemoteEngine</name>
    <message numerus="yes">
        <location filename="../services/remote/remoteengine.cpp" line="+138"/>
        <source>%1: aria2 has %n active download(s); only the first %2 are shown</source>
        <translation>
            <numerusform>%1: aria2 hat %n aktiven Download; nur die ersten %2 werden gezeigt</numerusform>
            <numerusform>%1: aria2 hat %n aktive Downloads; nur die ersten %2 werden gezeigt</numerusform>
        </translation>
    </message>
    <message>
        <location line="+164"/>
        <source>On %1: %2: %3</source>
        <translation>Auf %1: %2: %3</translation>
    </message>
    <message>
        <location line="-34"/>
        <location line="+35"/>
        <source>On %1: %2</source>
        <translation>Auf %1: %2</translation>
    </message>
    <message>
        <location filename="../services/remote/remoteengineactions.cpp" line="+33"/>
        <source>aria2 answered without a download id (GID) to follow the download by</source>
        <translation>aria2 antwortete ohne eine Download-Kennung (GID), an der sich der Download verfolgen ließe</translation>
    </message>
    <message numerus="yes">
        <location line="+61"/>
        <source>%1: %n download(s) not added: %2</source>
        <translation>
            <numerusform>%1: %n Download nicht hinzugefügt: %2</numerusform>
            <numerusform>%1: %n Downloads nicht hinzugefügt: %2</numerusform>
        </translation>
    </message>
    <message>
        <location line="+123"/>
        <location line="+10"/>
        <source>%1: cannot retry %2: %3</source>
        <translation>%1: %2 kann nicht erneut versucht werden: %3</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Retried on %1</source>
        <translation>Erneut versucht auf %1</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>%1: %2 refused for %3: %4</source>
        <translation>%1: %2 für %3 abgelehnt: %4</translation>
    </message>
</context>
<context>
    <name>RemoteEngineDialog</name>
    <message>
        <location filename="../ui/remoteenginedialog.cpp" line="+20"/>
        <source>&amp;Test Connection</source>
        <translation>Verbindung &amp;testen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Add Remote Engine</source>
        <translation>Entfernte Engine hinzufügen</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Edit Remote Engine</source>
        <translation>Entfernte Engine bearbeiten</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>NAS, seedbox, …</source>
        <translation>NAS, Seedbox, …</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>aria2&apos;s RPC address: http:// or https://, or ws:// or wss:// for live updates</source>
        <translation>Die RPC-Adresse von aria2: http:// oder https://, oder ws:// bzw. wss:// für Live-Aktualisierungen</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>aria2&apos;s --rpc-secret</source>
        <translation>--rpc-secret von aria2</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>RPC &amp;address:</source>
        <translation>RPC-&amp;Adresse:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Secret token:</source>
        <translation>&amp;Geheimes Token:</translation>
    </message>
    <message>
        <location line="+54"/>
        <source>Connecting…</source>
        <translation>Verbinde…</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Connected: aria2 %1</source>
        <translation>Verbunden: aria2 %1</translation>
    </message>
</context>
<context>
    <name>RemoteEngines</name>
    <message>
        <location filename="../services/remote/remoteengines.cpp" line="+86"/>
        <source>%1 (offline)</source>
        <translation>%1 (offline)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 (connecting)</source>
        <translation>%1 (verbindet)</translation>
    </message>
</context>
<context>
    <name>RemoteEnginesPage</name>
    <message>
        <location filename="../ui/remoteenginespage.cpp" line="+17"/>
        <source>&amp;Edit…</source>
        <translation>&amp;Bearbeiten…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>&amp;Remove</source>
        <translation>&amp;Entfernen</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>aria2 daemons on other machines (a NAS, a seedbox, a server): their downloads appear in the list beside this computer&apos;s, and you can add, pause, resume, cancel and remove them there.</source>
        <translation>aria2-Daemons auf anderen Rechnern (ein NAS, eine Seedbox, ein Server): Ihre Downloads erscheinen in der Liste neben denen dieses Computers, und Sie können sie dort hinzufügen, pausieren, fortsetzen, abbrechen und entfernen.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Address</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Remote engines</source>
        <translation>Entfernte Engines</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Add…</source>
        <translation>&amp;Hinzufügen…</translation>
    </message>
    <message>
        <location line="+66"/>
        <source>Reading the saved engines and their secret tokens…</source>
        <translation>Gespeicherte Engines und ihre geheimen Tokens werden gelesen…</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Online, aria2 %1</source>
        <translation>Online, aria2 %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Offline: %1</source>
        <translation>Offline: %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Connecting…</source>
        <translation>Verbinde…</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>No keyring service runs: secret tokens are kept in %1, which only you can read.</source>
        <translation>Es läuft kein Schlüsselbund-Dienst: Geheime Tokens werden in %1 aufbewahrt, das nur Sie lesen können.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Secret tokens are kept in the desktop keyring, or in a file only you can read where no keyring runs.</source>
        <translation>Geheime Tokens werden im Schlüsselbund der Arbeitsumgebung aufbewahrt, oder in einer nur für Sie lesbaren Datei, wo kein Schlüsselbund läuft.</translation>
    </message>
    <message>
        <location line="-11"/>
        <source>A secret token could not be kept: it is used until Fetchdeck quits.</source>
        <translation>Ein geheimes Token konnte nicht gespeichert werden: Es gilt, bis Fetchdeck beendet wird.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Secret tokens are kept in the desktop keyring.</source>
        <translation>Geheime Tokens werden im Schlüsselbund der Arbeitsumgebung aufbewahrt.</translation>
    </message>
</context>
<context>
    <name>RemoteHeadlessRunner</name>
    <message>
        <location filename="../app/remoteheadless.cpp" line="-180"/>
        <source>outcome unknown: aria2 forgot its result (its --max-download-result, or another client removed it)</source>
        <translation>Ausgang unbekannt: aria2 hat sein Ergebnis vergessen (sein --max-download-result, oder ein anderer Client hat ihn entfernt)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>fetchdeck: aria2 at %1 could not be used for %2 s: %3; its downloads may go on there</source>
        <translation>fetchdeck: aria2 unter %1 war %2 s lang nicht nutzbar: %3; seine Downloads laufen dort womöglich weiter</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>fetchdeck: lost aria2 at %1: %2; trying again</source>
        <translation>fetchdeck: Verbindung zu aria2 unter %1 verloren: %2; neuer Versuch</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>cannot read the secret file %1: %2</source>
        <translation>die Geheimnisdatei %1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>fetchdeck: cannot use aria2 at %1: %2</source>
        <translation>fetchdeck: aria2 unter %1 kann nicht verwendet werden: %2</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>aria2&apos;s download %1 cannot be followed</source>
        <translation>aria2s Download %1 kann nicht verfolgt werden</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>aria2 answered with the id of a download this run follows already (%1)</source>
        <translation>aria2 antwortete mit der Kennung eines Downloads, den dieser Lauf schon verfolgt (%1)</translation>
    </message>
    <message>
        <location line="+60"/>
        <source>aria2 did not list this download, named by a .torrent or .metalink</source>
        <translation>aria2 führte diesen Download, den eine .torrent- oder .metalink-Datei nennt, nicht auf</translation>
    </message>
    <message numerus="yes">
        <location line="+22"/>
        <source>interrupted: %n download(s) go on on aria2 at %1</source>
        <translation>
            <numerusform>unterbrochen: %n Download läuft auf aria2 unter %1 weiter</numerusform>
            <numerusform>unterbrochen: %n Downloads laufen auf aria2 unter %1 weiter</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RemoveDialog</name>
    <message>
        <location filename="../ui/removedialog.cpp" line="+47"/>
        <source>Remove Tasks</source>
        <translation>Aufgaben entfernen</translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>Remove %n task(s) from the list?</source>
        <translation>
            <numerusform>%n Aufgabe aus der Liste entfernen?</numerusform>
            <numerusform>%n Aufgaben aus der Liste entfernen?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+8"/>
        <source>%n running task(s) will stop.</source>
        <translation>
            <numerusform>%n laufende Aufgabe wird angehalten.</numerusform>
            <numerusform>%n laufende Aufgaben werden angehalten.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>Deleted from disk: the partial files of %n unfinished download(s), %1.</source>
        <translation>
            <numerusform>Vom Datenträger gelöscht werden die Teildateien von %n unvollständigen Download, %1.</numerusform>
            <numerusform>Vom Datenträger gelöscht werden die Teildateien von %n unvollständigen Downloads, %1.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No partial file is deleted.</source>
        <translation>Es wird keine Teildatei gelöscht.</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n download(s) on remote engines leave their lists there; their files stay on that machine.</source>
        <translation>
            <numerusform>%n Download auf entfernten Engines verlässt dort seine Liste; seine Dateien bleiben auf jenem Rechner.</numerusform>
            <numerusform>%n Downloads auf entfernten Engines verlassen dort ihre Listen; ihre Dateien bleiben auf jenem Rechner.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+19"/>
        <source>Also &amp;delete the downloaded files (%n file(s), %1)</source>
        <translation>
            <numerusform>Auch die heruntergeladene Datei &amp;löschen (%n Datei, %1)</numerusform>
            <numerusform>Auch die heruntergeladenen Dateien &amp;löschen (%n Dateien, %1)</numerusform>
        </translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Files already downloaded stay where they are.</source>
        <translation>Bereits heruntergeladene Dateien bleiben, wo sie sind.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&amp;Remove</source>
        <translation>&amp;Entfernen</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../ui/settingsdialog.cpp" line="+63"/>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Download folder</source>
        <translation>Downloadordner</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Browse…</source>
        <translation>Durchs&amp;uchen…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Choose the download folder</source>
        <translation>Downloadordner auswählen</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Maximum concurrent downloads</source>
        <translation>Maximale Anzahl gleichzeitiger Downloads</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Connections per file</source>
        <translation>Verbindungen pro Datei</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A large file from a server that serves byte ranges is fetched in pieces over this many connections at once.</source>
        <translation>Eine große Datei von einem Server, der Byte-Bereiche unterstützt, wird in Teilen über so viele Verbindungen gleichzeitig geladen.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Connections per host</source>
        <translation>Verbindungen pro Host</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No cap</source>
        <translation>Unbegrenzt</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>At most this many connections to one server across all downloads; the others wait their turn</source>
        <translation>Höchstens so viele Verbindungen zu einem Server über alle Downloads hinweg; die übrigen warten, bis sie an der Reihe sind</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Attempts per download</source>
        <translation>Versuche pro Download</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>How often a download is tried when the network or the server fails for a while (refused, reset, 5xx), with growing pauses</source>
        <translation>Wie oft ein Download versucht wird, wenn das Netzwerk oder der Server eine Zeit lang ausfällt (abgelehnt, zurückgesetzt, 5xx), mit wachsenden Pausen</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Stall timeout</source>
        <translation>Wartezeit ohne Daten</translation>
    </message>
    <message>
        <location line="+2"/>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>An attempt that receives nothing for this long is given up and tried again</source>
        <translation>Ein Versuch, der so lange nichts empfängt, wird aufgegeben und wiederholt</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Speed limit</source>
        <translation>Geschwindigkeitslimit</translation>
    </message>
    <message>
        <location line="+2"/>
        <source> KiB/s</source>
        <translation> KiB/s</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No limit</source>
        <translation>Unbegrenzt</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>For all downloads together, shared fairly among them</source>
        <translation>Für alle Downloads zusammen, gerecht unter ihnen aufgeteilt</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Threads for hashing and unpacking</source>
        <translation>Threads für Prüfsummen und Entpacken</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Proxy</source>
        <translation>Proxy</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>From the environment (http_proxy, https_proxy, no_proxy)</source>
        <translation>Aus der Umgebung (http_proxy, https_proxy, no_proxy)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>http://, https://, socks5:// or socks5h://host:port; empty: the environment&apos;s settings</source>
        <translation>http://, https://, socks5:// oder socks5h://host:port; leer: Einstellungen aus der Umgebung</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Connections per host, host by host</source>
        <translation>Verbindungen pro Host, für einzelne Hosts</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>files.example.org=2, cdn.example.com=8</source>
        <translation>files.example.org=2, cdn.example.com=8</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Caps of their own for some servers, over the one above; 0: no cap for that server</source>
        <translation>Eigene Grenzen für einzelne Server, statt der obigen; 0: keine Grenze für diesen Server</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Extra certificate authorities</source>
        <translation>Zusätzliche Zertifizierungsstellen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>None: only the system&apos;s</source>
        <translation>Keine: nur die des Systems</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A PEM file of certificate authorities to trust besides the system&apos;s, for a private or corporate CA</source>
        <translation>Eine PEM-Datei mit Zertifizierungsstellen, denen zusätzlich zu denen des Systems vertraut wird, für eine private oder Firmen-CA</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&amp;Closing the window keeps Fetchdeck running in the tray</source>
        <translation>Beim &amp;Schließen des Fensters läuft Fetchdeck im Systembereich weiter</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>This desktop offers no system tray.</source>
        <translation>Diese Arbeitsumgebung bietet keinen Systembereich.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Download folder:</source>
        <translation>&amp;Downloadordner:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Maximum concurrent downloads:</source>
        <translation>&amp;Maximale gleichzeitige Downloads:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>C&amp;onnections per file:</source>
        <translation>&amp;Verbindungen pro Datei:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Connections per &amp;host:</source>
        <translation>Verbindungen pro &amp;Host:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Host b&amp;y host:</source>
        <translation>Für einzelne Ho&amp;sts:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Speed limit:</source>
        <translation>&amp;Geschwindigkeitslimit:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Attempts per download:</source>
        <translation>Ve&amp;rsuche pro Download:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>S&amp;tall timeout:</source>
        <translation>&amp;Wartezeit ohne Daten:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Proxy:</source>
        <translation>&amp;Proxy:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Extra &amp;CA certificates:</source>
        <translation>Zusätzliche &amp;Zertifizierungsstellen:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Threads for hashing and unpacking:</source>
        <translation>&amp;Threads für Prüfsummen und Entpacken:</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Do&amp;wnloads</source>
        <translation>Do&amp;wnloads</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remote E&amp;ngines</source>
        <translation>E&amp;ntfernte Engines</translation>
    </message>
    <message>
        <location line="+69"/>
        <source>Settings Not Saved</source>
        <translation>Einstellungen nicht gespeichert</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fetchdeck cannot write its settings to %1. The changes apply until Fetchdeck quits.</source>
        <translation>Fetchdeck kann seine Einstellungen nicht nach %1 schreiben. Die Änderungen gelten, bis Fetchdeck beendet wird.</translation>
    </message>
    <message>
        <location line="+68"/>
        <source>Download Folder</source>
        <translation>Downloadordner</translation>
    </message>
</context>
<context>
    <name>SpeedLimitButton</name>
    <message>
        <location filename="../ui/speedlimitbutton.cpp" line="+16"/>
        <source>Speed limit for all downloads, shared among those running</source>
        <translation>Geschwindigkeitslimit für alle Downloads, aufgeteilt unter den laufenden</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No limit</source>
        <translation>Unbegrenzt</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>No speed limit</source>
        <translation>Kein Geschwindigkeitslimit</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Limit: %1</source>
        <translation>Limit: %1</translation>
    </message>
</context>
<context>
    <name>StartFailure</name>
    <message>
        <location filename="../ui/startfailure.cpp" line="+30"/>
        <source>Fetchdeck</source>
        <translation>Fetchdeck</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fetchdeck cannot start.</source>
        <translation>Fetchdeck kann nicht starten.</translation>
    </message>
</context>
<context>
    <name>StatusSummary</name>
    <message>
        <location filename="../ui/statussummary.cpp" line="+12"/>
        <source>Download summary</source>
        <translation>Download-Übersicht</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>%1 running · %2 waiting · %3 queued · %4 paused · %5 failed</source>
        <translation>%1 aktiv · %2 wartend · %3 in Warteschlange · %4 pausiert · %5 fehlgeschlagen</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>↓ %1</source>
        <translation>↓ %1</translation>
    </message>
</context>
<context>
    <name>Task</name>
    <message>
        <location filename="../models/task.cpp" line="+11"/>
        <source>Queued</source>
        <translation>In Warteschlange</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Running</source>
        <translation>Läuft</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Completed</source>
        <translation>Abgeschlossen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Canceled</source>
        <translation>Abgebrochen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Paused</source>
        <translation>Pausiert</translation>
    </message>
</context>
<context>
    <name>TaskActions</name>
    <message>
        <location filename="../ui/taskactions.cpp" line="+32"/>
        <source>&amp;Cancel</source>
        <translation>A&amp;bbrechen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stop the selected downloads</source>
        <translation>Die ausgewählten Downloads abbrechen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Retry</source>
        <translation>&amp;Wiederholen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Download the selected failed or canceled tasks again</source>
        <translation>Die ausgewählten fehlgeschlagenen oder abgebrochenen Aufgaben erneut herunterladen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Re&amp;move</source>
        <translation>&amp;Entfernen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove the selected tasks from the list and delete their partial files (asks first)</source>
        <translation>Die ausgewählten Aufgaben aus der Liste entfernen und ihre Teildateien löschen (mit Rückfrage)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Open File</source>
        <translation>&amp;Datei öffnen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open the downloaded file</source>
        <translation>Die heruntergeladene Datei öffnen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open</source>
        <translation>Öffnen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Open Containing &amp;Folder</source>
        <translation>Enthaltenden &amp;Ordner öffnen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show the folder the file is saved in</source>
        <translation>Den Ordner anzeigen, in dem die Datei gespeichert ist</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Folder</source>
        <translation>Ordner</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Retry All Fa&amp;iled</source>
        <translation>Alle Fehlgeschlagenen wiede&amp;rholen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Clear Complete&amp;d</source>
        <translation>Abgeschlossene en&amp;tfernen</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Cop&amp;y URL</source>
        <translation>&amp;URL kopieren</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>R&amp;esume</source>
        <translation>&amp;Fortsetzen</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Re&amp;sume All</source>
        <translation>Alle fort&amp;setzen</translation>
    </message>
    <message>
        <location line="-28"/>
        <source>Retry every failed download</source>
        <translation>Alle fehlgeschlagenen Downloads wiederholen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Remove every completed task from the list (files stay)</source>
        <translation>Alle abgeschlossenen Aufgaben aus der Liste entfernen (die Dateien bleiben)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Undo Remove</source>
        <translation>Entfernen rückgängig &amp;machen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Put the tasks the last Remove took off the list back</source>
        <translation>Die zuletzt entfernten Aufgaben wieder in die Liste aufnehmen</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Copy the URLs of the selected downloads</source>
        <translation>Die URLs der ausgewählten Downloads kopieren</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>C&amp;hange URL…</source>
        <translation>URL ä&amp;ndern…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Give the download a fresh link; what it has is kept when the new server sends the same file</source>
        <translation>Dem Download einen neuen Link geben; Bisheriges bleibt erhalten, wenn der neue Server dieselbe Datei sendet</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Pause</source>
        <translation>&amp;Pausieren</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pause the selected downloads; their partial files are kept</source>
        <translation>Die ausgewählten Downloads pausieren; ihre Teildateien bleiben erhalten</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Continue the selected paused downloads where they stopped</source>
        <translation>Die ausgewählten pausierten Downloads dort fortsetzen, wo sie angehalten wurden</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Pause or Resume</source>
        <translation>Pausieren oder fortsetzen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pause the selected running downloads, resume the paused ones</source>
        <translation>Die ausgewählten laufenden Downloads pausieren, die pausierten fortsetzen</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Pause &amp;All</source>
        <translation>&amp;Alle pausieren</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Pause every download</source>
        <translation>Alle Downloads pausieren</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Resume every paused download</source>
        <translation>Alle pausierten Downloads fortsetzen</translation>
    </message>
    <message>
        <location filename="../ui/taskmenus.cpp" line="+16"/>
        <source>Speed &amp;Limit</source>
        <translation>&amp;Geschwindigkeitslimit</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A speed limit of their own for the selected downloads</source>
        <translation>Ein eigenes Geschwindigkeitslimit für die ausgewählten Downloads</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>No limit of its own</source>
        <translation>Kein eigenes Limit</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Co&amp;nnections</source>
        <translation>&amp;Verbindungen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>How many connections the selected downloads use (a running one restarts its attempt, keeping what it has)</source>
        <translation>Wie viele Verbindungen die ausgewählten Downloads nutzen (ein laufender beginnt seinen Versuch neu und behält das Bisherige)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>As in Settings</source>
        <translation>Wie in den Einstellungen</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>As in Settings (%1)</source>
        <translation>Wie in den Einstellungen (%1)</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/taskactions.cpp" line="+207"/>
        <source>Removed %n task(s) from the list. Undo: Ctrl+Z</source>
        <translation>
            <numerusform>%n Aufgabe aus der Liste entfernt. Rückgängig: Strg+Z</numerusform>
            <numerusform>%n Aufgaben aus der Liste entfernt. Rückgängig: Strg+Z</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>Removed %n task(s) from the list.</source>
        <translation>
            <numerusform>%n Aufgabe aus der Liste entfernt.</numerusform>
            <numerusform>%n Aufgaben aus der Liste entfernt.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n downloaded file(s) deleted; Undo (Ctrl+Z) brings back the tasks, not the files.</source>
        <translation>
            <numerusform>%n heruntergeladene Datei gelöscht; Rückgängig (Strg+Z) bringt die Aufgaben zurück, nicht die Dateien.</numerusform>
            <numerusform>%n heruntergeladene Dateien gelöscht; Rückgängig (Strg+Z) bringt die Aufgaben zurück, nicht die Dateien.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+25"/>
        <source>%n task(s) back on the list.</source>
        <translation>
            <numerusform>%n Aufgabe wieder in der Liste.</numerusform>
            <numerusform>%n Aufgaben wieder in der Liste.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Change URL</source>
        <translation>URL ändern</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A fresh link for %1.
What was downloaded is kept when the new server sends the same file; otherwise it starts over.</source>
        <translation>Ein neuer Link für %1.
Bereits Heruntergeladenes bleibt erhalten, wenn der neue Server dieselbe Datei sendet; sonst beginnt der Download von vorn.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>New URL set.</source>
        <translation>Neue URL festgelegt.</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Opened the first %1 of %2 files.</source>
        <translation>Die ersten %1 von %2 Dateien geöffnet.</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>Could not open %n file(s).</source>
        <translation>
            <numerusform>%n Datei konnte nicht geöffnet werden.</numerusform>
            <numerusform>%n Dateien konnten nicht geöffnet werden.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+13"/>
        <source>The folder %1 does not exist.</source>
        <translation>Der Ordner %1 existiert nicht.</translation>
    </message>
    <message numerus="yes">
        <location line="+10"/>
        <source>Retrying %n failed download(s).</source>
        <translation>
            <numerusform>%n fehlgeschlagener Download wird wiederholt.</numerusform>
            <numerusform>%n fehlgeschlagene Downloads werden wiederholt.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+10"/>
        <source>Cleared %n completed task(s). Undo: Ctrl+Z</source>
        <translation>
            <numerusform>%n abgeschlossene Aufgabe entfernt. Rückgängig: Strg+Z</numerusform>
            <numerusform>%n abgeschlossene Aufgaben entfernt. Rückgängig: Strg+Z</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TaskModel</name>
    <message>
        <location filename="../models/taskmodelcolumns.cpp" line="+15"/>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Progress</source>
        <translation>Fortschritt</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Speed</source>
        <translation>Geschwindigkeit</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>ETA</source>
        <translation>Restzeit</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Added</source>
        <translation>Hinzugefügt</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Completed at</source>
        <translation>Abgeschlossen am</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Downloaded</source>
        <translation>Heruntergeladen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Host</source>
        <translation>Host</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Folder</source>
        <translation>Ordner</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Connections</source>
        <translation>Verbindungen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Where</source>
        <translation>Wo</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Hash: %1</source>
        <translation>Prüfsumme: %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Unpack: %1</source>
        <translation>Entpacken: %1</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>%1 so far</source>
        <translation>bisher %1</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>Attempt %1 is due at %2.</source>
        <translation>Versuch %1 ist um %2 fällig.</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>This computer</source>
        <translation>Dieser Computer</translation>
    </message>
</context>
<context>
    <name>TaskStatus</name>
    <message>
        <location filename="../models/taskstatus.cpp" line="+19"/>
        <source>Retrying in %1 (attempt %2 of %3)</source>
        <translation>Neuer Versuch in %1 (Versuch %2 von %3)</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Failed: %1</source>
        <translation>Fehlgeschlagen: %1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Canceled, %1 kept</source>
        <translation>Abgebrochen, %1 behalten</translation>
    </message>
</context>
<context>
    <name>TaskStore</name>
    <message>
        <location filename="../services/storage/taskstore.cpp" line="+73"/>
        <source>cannot create the state folder %1</source>
        <translation>der Statusordner %1 kann nicht angelegt werden</translation>
    </message>
    <message>
        <location line="+12"/>
        <location line="+36"/>
        <source>cannot open the task database %1: %2</source>
        <translation>die Aufgabendatenbank %1 kann nicht geöffnet werden: %2</translation>
    </message>
    <message>
        <location line="-32"/>
        <source>the task database %1 is damaged (%2) and cannot be moved aside</source>
        <translation>die Aufgabendatenbank %1 ist beschädigt (%2) und kann nicht beiseitegelegt werden</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>The task database was damaged (%1). It is kept as %2; %3 task(s) could be read from it.</source>
        <translation>Die Aufgabendatenbank war beschädigt (%1). Sie wird als %2 aufbewahrt; %3 Aufgabe(n) konnten daraus gelesen werden.</translation>
    </message>
    <message>
        <location filename="../services/storage/taskdatabase.cpp" line="+333"/>
        <source>it was written by a newer version of Fetchdeck (database version %1; this one knows up to %2): run that version, or use another --state-dir</source>
        <translation>sie wurde von einer neueren Version von Fetchdeck geschrieben (Datenbankversion %1; diese kennt bis %2): starten Sie jene Version oder verwenden Sie ein anderes --state-dir</translation>
    </message>
</context>
<context>
    <name>TaskTable</name>
    <message>
        <location filename="../ui/tasktable.cpp" line="+34"/>
        <source>Downloads</source>
        <translation>Downloads</translation>
    </message>
    <message>
        <location line="+167"/>
        <source>No download matches “%1”.</source>
        <translation>Kein Download passt zu „%1“.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No download in this tab.</source>
        <translation>Kein Download in diesem Reiter.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Paste a URL above or drop links here.</source>
        <translation>Fügen Sie oben eine URL ein oder ziehen Sie Links hierher.</translation>
    </message>
</context>
<context>
    <name>Transfer</name>
    <message>
        <location filename="../services/storage/partfile.cpp" line="+132"/>
        <source>%1 is a symbolic link</source>
        <translation>%1 ist ein symbolischer Link</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+15"/>
        <source>%1 is not a regular file of our own</source>
        <translation>%1 ist keine normale Datei, die uns gehört</translation>
    </message>
    <message>
        <location line="+183"/>
        <source>the file was not saved</source>
        <translation>die Datei wurde nicht gespeichert</translation>
    </message>
    <message>
        <location filename="../services/http/transferhead.cpp" line="+156"/>
        <source>The server sent the rest in a coding (%1) that the partial file may not be in: starting from zero</source>
        <translation>Der Server hat den Rest in einer Kodierung (%1) gesendet, in der die Teildatei womöglich nicht vorliegt: Neubeginn bei null</translation>
    </message>
    <message>
        <location line="+105"/>
        <source>body shorter than announced: %1 of %2 bytes</source>
        <translation>Inhalt kürzer als angekündigt: %1 von %2 Byte</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>body longer than announced: %1 of %2 bytes</source>
        <translation>Inhalt länger als angekündigt: %1 von %2 Byte</translation>
    </message>
    <message>
        <location filename="../services/storage/partfilenaming.cpp" line="+55"/>
        <location filename="../services/http/transferhead.cpp" line="-91"/>
        <location filename="../services/http/transferreceive.cpp" line="+75"/>
        <source>the task list could not be stored</source>
        <translation>die Aufgabenliste konnte nicht gespeichert werden</translation>
    </message>
    <message>
        <location filename="../services/http/transferreceive.cpp" line="+24"/>
        <source>GET %1 from byte %2</source>
        <translation>GET %1 ab Byte %2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>GET %1</source>
        <translation>GET %1</translation>
    </message>
    <message>
        <location line="+18"/>
        <location filename="../services/http/transfersegments.cpp" line="+97"/>
        <source>stalled: no data for %1 s</source>
        <translation>stockt: seit %1 s keine Daten</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>body longer than its range: more than %1 bytes</source>
        <translation>Inhalt länger als sein Bereich: mehr als %1 Bytes</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>The server sends the file in parts: asking for the rest from byte %1</source>
        <translation>Der Server sendet die Datei in Teilen: Rest ab Byte %1 angefordert</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>the server sends the file in parts too small to finish (%1 bytes on average)</source>
        <translation>der Server sendet die Datei in Teilen, die zu klein sind, um fertig zu werden (im Mittel %1 Bytes)</translation>
    </message>
    <message>
        <location filename="../services/http/transfer.cpp" line="+119"/>
        <source>%1 was already complete (saved before an interruption)</source>
        <translation>%1 war bereits vollständig (vor einer Unterbrechung gespeichert)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The partial file %1 is gone: starting from zero</source>
        <translation>Die Teildatei %1 ist verschwunden: Neubeginn bei null</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1: starting from zero under another name</source>
        <translation>%1: Neubeginn bei null unter einem anderen Namen</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>The partial file came in a coding (Content-Encoding): starting from zero</source>
        <translation>Die Teildatei kam in einer Kodierung (Content-Encoding): Neubeginn bei null</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The segment map does not match the partial file: starting from zero</source>
        <translation>Die Segmenttabelle passt nicht zur Teildatei: Neubeginn bei null</translation>
    </message>
    <message numerus="yes">
        <location line="+15"/>
        <source>Resuming %1 of %2 bytes held in %n piece(s)</source>
        <translation>
            <numerusform>Fortsetzen: %1 von %2 Byte liegen in %n Teil vor</numerusform>
            <numerusform>Fortsetzen: %1 von %2 Byte liegen in %n Teilen vor</numerusform>
        </translation>
    </message>
    <message>
        <location line="+30"/>
        <source>the server keeps refusing to resume</source>
        <translation>der Server verweigert wiederholt das Fortsetzen</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The partial file came in a coding (Content-Encoding): emptied, the next attempt starts from zero</source>
        <translation>Die Teildatei kam in einer Kodierung (Content-Encoding): geleert, der nächste Versuch beginnt bei null</translation>
    </message>
    <message>
        <location line="+75"/>
        <source>%1 appeared in the folder during the download: saved as %2</source>
        <translation>%1 ist während des Downloads im Ordner erschienen: gespeichert als %2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Saved as %1</source>
        <translation>Gespeichert als %1</translation>
    </message>
    <message>
        <location filename="../services/http/transfersegmentstate.cpp" line="+221"/>
        <source>Mirror %1 left out of this download: %2</source>
        <translation>Spiegelserver %1 wird für diesen Download ausgelassen: %2</translation>
    </message>
    <message>
        <location filename="../services/http/transfersegments.cpp" line="+42"/>
        <source>connection closed early: bytes %1-%2 missing</source>
        <translation>Verbindung vorzeitig geschlossen: Bytes %1-%2 fehlen</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>it sent more bytes than its range (Content-Range &quot;%1&quot;)</source>
        <translation>mehr Bytes gesendet, als der angegebene Bereich umfasst (Content-Range &quot;%1&quot;)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>A connection&apos;s answer is not a piece of the file (%1): bytes %2-%3 not written, going on with one connection</source>
        <translation>Die Antwort einer Verbindung ist kein Teil der Datei (%1): Bytes %2-%3 nicht geschrieben, weiter mit einer Verbindung</translation>
    </message>
    <message>
        <location line="+88"/>
        <source>; at most %1 connection(s) to %2 for a minute</source>
        <translation>; höchstens %1 Verbindung(en) zu %2 für eine Minute</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The server refused another connection (%1): going on with %2%3</source>
        <translation>Der Server hat eine weitere Verbindung abgelehnt (%1): weiter mit %2%3</translation>
    </message>
    <message numerus="yes">
        <location line="+92"/>
        <source>Downloading over %n connection(s)</source>
        <translation>
            <numerusform>Download über %n Verbindung</numerusform>
            <numerusform>Download über %n Verbindungen</numerusform>
        </translation>
    </message>
    <message>
        <location line="+26"/>
        <source>the download stopped with bytes missing</source>
        <translation>der Download endete mit fehlenden Bytes</translation>
    </message>
    <message>
        <location filename="../services/http/transferchecksum.cpp" line="+47"/>
        <source>Verifying %1 checksum</source>
        <translation>%1-Prüfsumme wird geprüft</translation>
    </message>
    <message>
        <location line="-30"/>
        <source>Expected: %1
Actual: %2</source>
        <translation>Erwartet: %1
Tatsächlich: %2</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>%1 checksum verified (hashed while downloading)</source>
        <translation>%1-Prüfsumme bestätigt (beim Herunterladen berechnet)</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>cannot read the file to verify it: %1</source>
        <translation>die Datei kann zur Prüfung nicht gelesen werden: %1</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>%1 checksum verified</source>
        <translation>%1-Prüfsumme bestätigt</translation>
    </message>
    <message>
        <location filename="../services/http/curltransfer.cpp" line="+287"/>
        <source>a Content-Length that is not a number (%1)</source>
        <translation>eine Content-Length, die keine Zahl ist (%1)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>conflicting Content-Length headers</source>
        <translation>widersprüchliche Content-Length-Header</translation>
    </message>
    <message>
        <location filename="../services/http/httperrors.cpp" line="+128"/>
        <location filename="../services/http/transferhead.cpp" line="-60"/>
        <source>malformed response: %1</source>
        <translation>fehlerhafte Antwort: %1</translation>
    </message>
    <message>
        <location filename="../services/http/transferhead.cpp" line="-45"/>
        <source>The server&apos;s file is not the one the partial file came from (%1 differs): starting from zero</source>
        <translation>Die Datei des Servers ist nicht die, aus der die Teildatei stammt (%1 weicht ab): Beginn von vorn</translation>
    </message>
    <message>
        <location filename="../services/http/transfersegmentstate.cpp" line="-148"/>
        <source>%1–%2: %3 left, %4, %5</source>
        <translation>%1–%2: %3 übrig, %4, %5</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>waiting</source>
        <translation>wartet</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>in a coding, %1</source>
        <translation>in einer Kodierung, %1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Content-Length %1 for a range of %2 bytes</source>
        <translation>Content-Length %1 für einen Bereich von %2 Bytes</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>HTTP %1 to a range request</source>
        <translation>HTTP %1 auf eine Bereichsanfrage</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>wrong range (Content-Range &quot;%1&quot;)</source>
        <translation>falscher Bereich (Content-Range &quot;%1&quot;)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>its file changed during the download</source>
        <translation>seine Datei hat sich während des Downloads geändert</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>The server refused a range request (HTTP %1): going on with one connection</source>
        <translation>Der Server hat eine Bereichsanfrage abgelehnt (HTTP %1): weiter mit einer Verbindung</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>A connection got a malformed response (%1): fewer connections</source>
        <translation>Eine Verbindung erhielt eine fehlerhafte Antwort (%1): weniger Verbindungen</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>A connection got an answer that cannot be a piece of the file (%1): bytes %2-%3 not written, going on with one connection</source>
        <translation>Eine Verbindung bekam eine Antwort, die kein Stück der Datei sein kann (%1): Bytes %2-%3 nicht geschrieben, weiter mit einer Verbindung</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>The file changed on the server during the download (its validator or size differs): bytes %1-%2 not written, going on with one connection</source>
        <translation>Die Datei auf dem Server hat sich während des Downloads geändert (Validator oder Größe weichen ab): Bytes %1-%2 nicht geschrieben, weiter mit einer Verbindung</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The server answered a range request with the whole file: it does not serve ranges, going on with one connection</source>
        <translation>Der Server hat eine Bereichsanfrage mit der ganzen Datei beantwortet: Er unterstützt keine Bereiche, weiter mit einer Verbindung</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The server sent the wrong range (Content-Range &quot;%1&quot; for bytes %2-%3): not written, going on with one connection</source>
        <translation>Der Server hat den falschen Bereich gesendet (Content-Range &quot;%1&quot; für Bytes %2-%3): nicht geschrieben, weiter mit einer Verbindung</translation>
    </message>
    <message>
        <location filename="../services/http/httperrors.cpp" line="-111"/>
        <source>an unknown date</source>
        <translation>einem unbekannten Datum</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>certificate not trusted (self-signed: %1)</source>
        <translation>Zertifikat nicht vertrauenswürdig (selbst signiert: %1)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>certificate not trusted (issued by %1, an authority this computer does not trust)</source>
        <translation>Zertifikat nicht vertrauenswürdig (ausgestellt von %1, einer Stelle, der dieser Computer nicht vertraut)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>certificate expired on %1</source>
        <translation>Zertifikat seit %1 abgelaufen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>certificate not valid before %1</source>
        <translation>Zertifikat erst ab %1 gültig</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>certificate revoked</source>
        <translation>Zertifikat widerrufen</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>certificate not trusted (%1)</source>
        <translation>Zertifikat nicht vertrauenswürdig (%1)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>certificate is for %1, not %2</source>
        <translation>Zertifikat gilt für %1, nicht für %2</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>the server offered no protocol we accept</source>
        <translation>der Server bot kein Protokoll an, das wir akzeptieren</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the server does not speak TLS on this port</source>
        <translation>der Server spricht auf diesem Port kein TLS</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+53"/>
        <source>TLS: %1</source>
        <translation>TLS: %1</translation>
    </message>
    <message>
        <location line="-44"/>
        <source>Connection refused</source>
        <translation>Verbindung abgelehnt</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Network unreachable</source>
        <translation>Netzwerk nicht erreichbar</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Could not connect</source>
        <translation>Verbindung nicht möglich</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Host not found</source>
        <translation>Host nicht gefunden</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Proxy not found</source>
        <translation>Proxy nicht gefunden</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Connection timed out</source>
        <translation>Zeitüberschreitung der Verbindung</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>too many redirects</source>
        <translation>zu viele Weiterleitungen</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>redirect from https to http refused</source>
        <translation>Weiterleitung von https zu http abgelehnt</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>redirect to an unsupported protocol (%1) refused</source>
        <translation>Weiterleitung zu einem nicht unterstützten Protokoll (%1) abgelehnt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>unsupported protocol</source>
        <translation>nicht unterstütztes Protokoll</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Connection closed by the server</source>
        <translation>Verbindung vom Server geschlossen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The server closed the connection without answering</source>
        <translation>Der Server hat die Verbindung ohne Antwort geschlossen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Connection reset by the server</source>
        <translation>Verbindung vom Server zurückgesetzt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Receiving failed: %1</source>
        <translation>Empfang fehlgeschlagen: %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Connection lost while sending</source>
        <translation>Verbindung beim Senden verloren</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>response header too large</source>
        <translation>Antwort-Header zu groß</translation>
    </message>
    <message>
        <location line="+56"/>
        <source>the proxy refused: HTTP 407 (it wants a login, or not this one)</source>
        <translation>der Proxy hat abgelehnt: HTTP 407 (er verlangt eine Anmeldung oder lehnt die angegebene ab)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the proxy refused: HTTP %1</source>
        <translation>der Proxy hat abgelehnt: HTTP %1</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>the connection closed during the TLS handshake</source>
        <translation>die Verbindung wurde während des TLS-Handshakes geschlossen</translation>
    </message>
    <message>
        <location filename="../services/http/responsedecision.cpp" line="+37"/>
        <source>The partial file already holds all %1 bytes</source>
        <translation>Die Teildatei enthält bereits alle %1 Byte</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The server cannot resume at byte %1: starting over</source>
        <translation>Der Server kann nicht bei Byte %1 fortsetzen: Neubeginn</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>The file on the server changed size (%1, was %2): starting over</source>
        <translation>Die Datei auf dem Server hat ihre Größe geändert (%1, vorher %2): Neubeginn</translation>
    </message>
    <message>
        <location line="-9"/>
        <source>The server sent another range than byte %1 on: starting over</source>
        <translation>Der Server hat einen anderen Bereich als ab Byte %1 gesendet: Neubeginn</translation>
    </message>
    <message>
        <location line="-19"/>
        <source>the server accepted the request but sent no file yet (HTTP 202)</source>
        <translation>der Server hat die Anfrage angenommen, aber noch keine Datei gesendet (HTTP 202)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the server sent no file (HTTP %1)</source>
        <translation>der Server hat keine Datei gesendet (HTTP %1)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>the server&apos;s answer does not add up: its range holds %1 bytes, its Content-Length says %2</source>
        <translation>die Antwort des Servers ist widersprüchlich: ihr Bereich umfasst %1 Bytes, ihre Content-Length sagt %2</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>HTTP 206: resuming at %1 of %2</source>
        <translation>HTTP 206: Fortsetzen bei %1 von %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>HTTP 206: resuming at %1</source>
        <translation>HTTP 206: Fortsetzung bei %1</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>the server sent part of the file without being asked</source>
        <translation>der Server hat unaufgefordert nur einen Teil der Datei gesendet</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>HTTP 206, size not said</source>
        <translation>HTTP 206, Größe nicht angegeben</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>HTTP 206, %1</source>
        <translation>HTTP 206, %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>HTTP %1, %2</source>
        <translation>HTTP %1, %2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The server ignored the range request (HTTP %1): starting over</source>
        <translation>Der Server hat die Bereichsanfrage ignoriert (HTTP %1): Neubeginn</translation>
    </message>
    <message>
        <location filename="../services/storage/partfilenaming.cpp" line="+7"/>
        <source>no free file name for %1 in %2</source>
        <translation>kein freier Dateiname für %1 in %2</translation>
    </message>
    <message>
        <location filename="../services/storage/filecommitter.cpp" line="+78"/>
        <source>another program replaced %1 during the download: that file is left as it is</source>
        <translation>ein anderes Programm hat %1 während des Downloads ersetzt: diese Datei bleibt, wie sie ist</translation>
    </message>
</context>
<context>
    <name>TrayIcon</name>
    <message>
        <location filename="../ui/trayicon.cpp" line="+38"/>
        <location line="+159"/>
        <source>Show window</source>
        <translation>Fenster anzeigen</translation>
    </message>
    <message>
        <location line="-151"/>
        <source>Quit</source>
        <translation>Beenden</translation>
    </message>
    <message>
        <location line="+66"/>
        <source>No active downloads</source>
        <translation>Keine aktiven Downloads</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n queued</source>
        <translation>
            <numerusform>%n in Warteschlange</numerusform>
            <numerusform>%n in Warteschlange</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+12"/>
        <source>%n running</source>
        <translation>
            <numerusform>%n aktiv</numerusform>
            <numerusform>%n aktiv</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>, %1%</source>
        <translation>, %1 %</translation>
    </message>
    <message>
        <location line="+69"/>
        <source>Hide window</source>
        <translation>Fenster ausblenden</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Download complete</source>
        <translation>Download abgeschlossen</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Task complete</source>
        <translation>Aufgabe abgeschlossen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Download failed</source>
        <translation>Download fehlgeschlagen</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Task failed</source>
        <translation>Aufgabe fehlgeschlagen</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n tasks complete</source>
        <translation>
            <numerusform>%n Aufgabe abgeschlossen</numerusform>
            <numerusform>%n Aufgaben abgeschlossen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n tasks failed</source>
        <translation>
            <numerusform>%n Aufgabe fehlgeschlagen</numerusform>
            <numerusform>%n Aufgaben fehlgeschlagen</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 complete, %2 failed</source>
        <translation>%1 abgeschlossen, %2 fehlgeschlagen</translation>
    </message>
    <message numerus="yes">
        <location line="+5"/>
        <source>and %n more</source>
        <translation>
            <numerusform>und %n weitere</numerusform>
            <numerusform>und %n weitere</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>UrlIntake</name>
    <message numerus="yes">
        <location filename="../ui/urlintake.cpp" line="+113"/>
        <source>Added %n download(s)</source>
        <translation>
            <numerusform>%n Download hinzugefügt</numerusform>
            <numerusform>%n Downloads hinzugefügt</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n already in the list, skipped</source>
        <translation>
            <numerusform>%n bereits in der Liste, übersprungen</numerusform>
            <numerusform>%n bereits in der Liste, übersprungen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n not a valid URL</source>
        <translation>
            <numerusform>%n keine gültige URL</numerusform>
            <numerusform>%n keine gültigen URLs</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>UrlListEdit</name>
    <message>
        <location filename="../ui/urllistedit.cpp" line="+28"/>
        <source>%1 lines pasted: too many to show here. They are checked and added as they are; press Delete to empty the box.</source>
        <translation>%1 Zeilen eingefügt: zu viele, um sie hier zu zeigen. Sie werden geprüft und so hinzugefügt, wie sie sind; Entf leert das Feld.</translation>
    </message>
</context>
<context>
    <name>UrlListValidator</name>
    <message>
        <location filename="../ui/urllistvalidator.cpp" line="+70"/>
        <source>already in the list</source>
        <translation>bereits in der Liste</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>repeated above</source>
        <translation>steht schon weiter oben</translation>
    </message>
</context>
<context>
    <name>Urls</name>
    <message>
        <location filename="../services/urls.cpp" line="+21"/>
        <source>%1:// is not supported (only http and https): %2</source>
        <translation>%1:// wird nicht unterstützt (nur http und https): %2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>not a valid URL: %1</source>
        <translation>keine gültige URL: %1</translation>
    </message>
    <message>
        <location line="+60"/>
        <source>Only http:// and https:// URLs can be downloaded: %1.</source>
        <translation>Nur http://- und https://-URLs können heruntergeladen werden: %1.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Not a valid URL: %1.</source>
        <translation>Keine gültige URL: %1.</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>not a proxy URL: %1 (http://, https://, socks5h://... host:port)</source>
        <translation>keine Proxy-URL: %1 (http://, https://, socks5h://... host:port)</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message numerus="yes">
        <location filename="../app/main.cpp" line="+368"/>
        <source>%n download(s) from the browser</source>
        <translation>
            <numerusform>%n Download vom Browser</numerusform>
            <numerusform>%n Downloads vom Browser</numerusform>
        </translation>
    </message>
</context>
</TS>
