#pragma once

#include <QString>

namespace facecase {

// The system log (journald, rsyslog) through syslog(3): a copy of audit anchors that an
// ordinary user cannot edit afterwards. Best effort by nature: without a log daemon (a
// container, a minimal install) the message is dropped, never an error, and nothing waits for
// a daemon to start. FACECASE_AUDIT_JOURNAL=off turns it off (tests, or an agency that does not
// want FaceCase in the system log).
class SystemJournal {
public:
    // One line at priority "info", facility "user", prefixed "facecase-audit: ".
    static void note(const QString& line);
    static bool enabled();
};

}  // namespace facecase
