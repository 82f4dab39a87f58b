#include "audit/system_journal.h"

#include <QByteArray>
#include <syslog.h>

namespace facecase {

bool SystemJournal::enabled() {
    return qgetenv("FACECASE_AUDIT_JOURNAL").trimmed().toLower() != QByteArrayLiteral("off");
}

void SystemJournal::note(const QString& line) {
    if (!enabled()) return;
    // Not openlog(): that would change the tag of every other syslog() call in the process.
    // The tag goes into the message instead, where `journalctl --grep facecase-audit` finds it.
    const QByteArray text = QByteArrayLiteral("facecase-audit: ") + line.toUtf8();
    syslog(LOG_USER | LOG_INFO, "%s", text.constData());
}

}  // namespace facecase
